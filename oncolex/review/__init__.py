"""The one review mechanism: submit, approve, reject, withdraw, unpublish.

Generic over any model registered in `registry.py` (one declaration in the
app's `publishing` module); used by articles, cancer types and epidemiology
datasets alike. Published records and audit events are sealed in a
tamper-evident chain (`chain.py`).
"""
