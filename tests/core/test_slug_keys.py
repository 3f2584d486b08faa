"""`keys()` answers a name that is already a slug without working it out: the answer must not differ."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mkdocs_pmnotes.core.slugs import generator_key, keys, loose_key

NAMES = st.text(alphabet="ab_z09 -A.é\u00df\u0130\u2068", max_size=10)


def _worked_out(text: str) -> tuple[str, ...]:
    first, second = loose_key(text), generator_key(text)
    return (first,) if first == second else (first, second)


@given(NAMES)
def test_keys_equal_the_two_rules_for_any_name(text):
    keys.cache_clear()
    assert keys(text) == _worked_out(text)


def test_a_generator_stem_is_its_own_key():
    assert keys("impact_of_ai_on_product_management") == ("impact_of_ai_on_product_management",)
    assert keys("Product-Market Fit") == ("product_market_fit", "productmarket_fit")
    assert keys("_lead_") == ("lead",)
