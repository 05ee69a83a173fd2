"""The search-quality instrument: a judged query file in, Success@10 / MRR / nDCG@10 out.

- ``queries``: the TSV format of judged queries (``tests/data/dev_queries.tsv``) and how a hit is graded
- ``metrics``: the pure measures (one ranked list of grades in, a number out)
- ``harness``: runs every query through a runtime's :class:`~service.search.service.CourseSearch`
  and aggregates overall, per language and for query-language detection
- ``setups``: the data a run measures (the demo store with its fixed seed and day) and the
  German-only baseline index a search engine without translation would have

``kursfinder eval`` (``service/cli.py``) prints what ``harness`` computes.
"""
