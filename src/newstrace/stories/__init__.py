"""Across outlets: stories, reuse, quote variants, agreement, evidence.

One module per concern:

- ``tokens``     word tokens with character offsets, shared by the other modules
- ``grouping``   group articles (or bare headlines) into stories; pick each story's core claims
- ``reuse``      passages one article shares with another, with direction and reused share
- ``variants``   the same remark by the same speaker as printed by different outlets
- ``evidence``   evidence each article offers (per document) and its summary per core claim
- ``agreement``  claim x outlet matrix, what only one outlet carries, first carrier, certainty timeline
- ``bench``      timing of grouping + reuse on 1k / 10k articles

Every function here is pure and order-independent: inputs are sorted by article id first.
"""

from __future__ import annotations
