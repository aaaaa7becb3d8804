"""Public pages written to disk for the reverse proxy to serve (optional).

With ONCOLEX_EXPORT_ROOT set, every public page is written, with its gzip and
Brotli variants, into a directory tree that nginx serves without asking
Django (deploy/nginx/). The served tree is replaced atomically after every
publication and unpublication, and taken out of service inside the
publishing transaction, so the proxy never serves a page that a publication
has changed: until the new tree is in place, Django answers.
"""
