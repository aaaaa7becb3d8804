"""The one review mechanism: submit, approve, reject, withdraw, unpublish.

Generic over any model that implements `Reviewable` (see `protocol.py`); used by
articles and epidemiology datasets alike.
"""
