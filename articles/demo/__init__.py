"""Demo content for development: accounts, cancer types and published articles.

The texts are written in the project's own words. Every reference was checked
against a public record of the paper; a number that no reference supports is
marked as illustrative in the text itself. `load_demo` publishes them through
the same review services that editors and approvers use.
"""

from __future__ import annotations
