"""netmap.insights.learn against scikit-learn, the implementation it replaces at run time (issue 15)."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler, normalize

from netmap.insights import learn
from netmap.insights.matching import words_of


def test_stop_words_are_scikit_learns():
    assert learn.ENGLISH_STOP_WORDS == ENGLISH_STOP_WORDS


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_logistic_model_matches_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(400, 5)) * [1, 3, 0.5, 10, 1]
    x[:, 4] = rng.integers(0, 2, size=400)  # a binary feature, as same_group is
    y = (x @ [1.0, -0.3, 2.0, 0.05, 0.7] + rng.normal(size=400) > 0).astype(float)
    ours = learn.LogisticModel().fit(x, y)
    theirs = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, tol=1e-10)).fit(x, y)
    np.testing.assert_allclose(ours.predict_proba(x), theirs.predict_proba(x), atol=1e-6)


def test_logistic_model_with_a_constant_feature():
    x = np.column_stack([np.arange(20.0), np.zeros(20)])
    y = (np.arange(20) >= 10).astype(float)
    theirs = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, tol=1e-10)).fit(x, y)
    np.testing.assert_allclose(learn.LogisticModel().fit(x, y).predict_proba(x), theirs.predict_proba(x), atol=1e-6)


def test_roc_auc_matches_scikit_learn_with_ties():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, size=300)
    score = rng.integers(0, 8, size=300).astype(float) + y  # many tied scores
    assert learn.roc_auc(y, score) == pytest.approx(roc_auc_score(y, score), abs=1e-12)
    with pytest.raises(ValueError):
        learn.roc_auc(np.ones(3), np.arange(3.0))


def test_tfidf_matches_scikit_learn():
    texts = ["minibus with volunteer drivers", "transport for older people", "rooms to hire, rooms for groups",
             "the and of", "food parcels and fresh vegetables", "vegetable growing space"]
    ours = learn.tfidf(texts, words_of)
    theirs = TfidfVectorizer(analyzer=words_of, sublinear_tf=True).fit(texts)
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    np.testing.assert_allclose(ours.transform(texts).toarray(), theirs.transform(texts).toarray(), atol=1e-12)
    with pytest.raises(ValueError):
        learn.tfidf(["the and of"], words_of)


def test_normalize_rows_matches_scikit_learn():
    m = sp.csr_matrix(np.array([[1.0, 2.0, 0.0], [0.0, 0.0, 0.0], [3.0, 0.0, 4.0]]))
    np.testing.assert_allclose(learn.normalize_rows(m).toarray(), normalize(m).toarray())


def test_stratified_halves_keep_class_shares():
    y = np.r_[np.ones(30), np.zeros(70)]
    first, second = learn.stratified_halves(y, seed=1)
    assert len(first) + len(second) == 100 and not set(first) & set(second)
    assert y[first].sum() == 15 and y[second].sum() == 15
