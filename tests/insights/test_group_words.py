"""The reasons that name a group read as a sentence whatever the group column's header: brokers,
introductions, gaps between groups and shared spaces say "4 of 4 sectors" and "sector 2", never
"4 of 4 Sectors" or "Sectors 2" (netmap.words.group_noun, as the footprint and the circles of
trust already did). Checked on the Millbrook sample with its ``sector`` column renamed."""
from __future__ import annotations

import pandas as pd
import pytest

from netmap.analysis import analyse
from netmap.network import load_network
from tests.conftest import SAMPLES

MILLBROOK = SAMPLES / "millbrook"


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """Millbrook grouped by its sectors under a header typed as a title and a plural
    ("Sectors"); the groups are coded as numbers, so that the sentences must name each group
    with its column ("sector 2")."""
    column = "Sectors"
    folder = tmp_path_factory.mktemp("millbrook")
    actors = pd.read_csv(MILLBROOK / "actors.csv", dtype=str)
    codes = {name: str(i) for i, name in enumerate(sorted(actors["sector"].unique()), start=1)}
    actors[column] = actors.pop("sector").map(codes)
    actors.to_csv(folder / "actors.csv", index=False)
    network, _ = load_network(MILLBROOK / "ties.csv", folder / "actors.csv",
                              affiliations=MILLBROOK / "affiliations.csv", spaces=MILLBROOK / "spaces.csv")
    return analyse(network, group_by=column), column, "sector", "sectors"


def test_brokers_reasons_name_the_groups_as_nouns(analysed):
    result, column, one, many = analysed
    candidates = result.brokers[result.brokers["candidate"]]
    why = candidates["why"].iloc[0]
    # Millbrook Community Hub: contacts in all four sectors, the most in the community sector (code 1)
    assert why.startswith(f"links 4 of 4 {many} ({one} 1: 9 contacts, ")
    assert f"between other {many}" in why
    others = result.brokers[~result.brokers["candidate"] & result.brokers["why"].str.contains("contacts are in")]
    assert others["why"].str.contains(f"contacts are in {one} '").all()
    assert column not in " ".join(result.brokers["why"]) + " ".join(result.brokers["why_plain"])


def test_introductions_gaps_and_spaces_name_the_groups_as_nouns(analysed):
    result, column, one, many = analysed
    linking = result.introductions[result.introductions["why"].str.contains("; links ")]
    assert len(linking), "some Millbrook introductions link two sectors that rarely meet"
    assert linking["why"].str.contains(f"; links {one} [0-9] with {one} [0-9], which have").all()
    assert result.group_gaps["why"].str.contains(f" between {one} '[0-9]' ").all()
    spaces = result.spaces.spaces
    assert spaces["why"].str.contains(f"from [0-9] of 4 {many}|all from one {one}|nobody").all()
    said = " ".join([*result.introductions["why"], *result.group_gaps["why"], *spaces["why"]])
    assert column not in said
