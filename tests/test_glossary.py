"""Plain labels for every column a person reads (issue 14)."""
from netmap.analysis import METRIC_COLUMNS
from netmap.glossary import COLUMN_HELP, COLUMN_LABELS, TECHNICAL_NAMES, help_for, label_for, plain_columns


def test_every_explained_column_has_plain_words():
    assert set(COLUMN_HELP) <= set(COLUMN_LABELS)
    assert all(label_for(c) != c for c in METRIC_COLUMNS)
    labels = list(COLUMN_LABELS.values())
    assert len(labels) == len(set(labels)), "two columns read the same"
    assert not any("_" in label for label in COLUMN_LABELS.values())
    assert not set(COLUMN_LABELS.values()) & TECHNICAL_NAMES


def test_waves_and_users_own_columns():
    assert label_for("betweenness_after") == "On many paths between others (after)"
    assert label_for("cut_off_before") == "Would cut off if they left (before)"
    assert help_for("cut_off_before").startswith("In the earlier wave")
    assert label_for("ward") == "ward"  # the user's own words stay


def test_renaming_keeps_labels_unique():
    labels = plain_columns(["degree", "Number of ties", "name"])
    assert labels == {"degree": "Number of ties", "Number of ties": "Number of ties (Number of ties)", "name": "Name"}
