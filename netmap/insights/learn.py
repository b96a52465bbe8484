"""Small numerical learners used by the insights, in numpy: logistic regression, ROC AUC,
TF-IDF and a stratified split.

They replace scikit-learn at run time: importing scikit-learn (with scipy.stats and
scipy.optimize) took longer than analysing 2,000 actors (issue 15). Each is tested against
scikit-learn's own result (tests/insights/test_learn.py).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

__all__ = ["ENGLISH_STOP_WORDS", "LogisticModel", "roc_auc", "stratified_halves", "tfidf", "normalize_rows"]

#: scikit-learn's English stop words (from the Glasgow Information Retrieval Group's list),
#: copied so that matching offers to needs does not import scikit-learn (BSD licence).
ENGLISH_STOP_WORDS = frozenset([
    "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost", "alone",
    "along", "already", "also", "although", "always", "am", "among", "amongst", "amoungst", "amount", "an",
    "and", "another", "any", "anyhow", "anyone", "anything", "anyway", "anywhere", "are", "around", "as",
    "at", "back", "be", "became", "because", "become", "becomes", "becoming", "been", "before", "beforehand",
    "behind", "being", "below", "beside", "besides", "between", "beyond", "bill", "both", "bottom", "but",
    "by", "call", "can", "cannot", "cant", "co", "con", "could", "couldnt", "cry", "de", "describe",
    "detail", "do", "done", "down", "due", "during", "each", "eg", "eight", "either", "eleven", "else",
    "elsewhere", "empty", "enough", "etc", "even", "ever", "every", "everyone", "everything", "everywhere",
    "except", "few", "fifteen", "fifty", "fill", "find", "fire", "first", "five", "for", "former",
    "formerly", "forty", "found", "four", "from", "front", "full", "further", "get", "give", "go", "had",
    "has", "hasnt", "have", "he", "hence", "her", "here", "hereafter", "hereby", "herein", "hereupon",
    "hers", "herself", "him", "himself", "his", "how", "however", "hundred", "i", "ie", "if", "in", "inc",
    "indeed", "interest", "into", "is", "it", "its", "itself", "keep", "last", "latter", "latterly", "least",
    "less", "ltd", "made", "many", "may", "me", "meanwhile", "might", "mill", "mine", "more", "moreover",
    "most", "mostly", "move", "much", "must", "my", "myself", "name", "namely", "neither", "never",
    "nevertheless", "next", "nine", "no", "nobody", "none", "noone", "nor", "not", "nothing", "now",
    "nowhere", "of", "off", "often", "on", "once", "one", "only", "onto", "or", "other", "others",
    "otherwise", "our", "ours", "ourselves", "out", "over", "own", "part", "per", "perhaps", "please", "put",
    "rather", "re", "same", "see", "seem", "seemed", "seeming", "seems", "serious", "several", "she",
    "should", "show", "side", "since", "sincere", "six", "sixty", "so", "some", "somehow", "someone",
    "something", "sometime", "sometimes", "somewhere", "still", "such", "system", "take", "ten", "than",
    "that", "the", "their", "them", "themselves", "then", "thence", "there", "thereafter", "thereby",
    "therefore", "therein", "thereupon", "these", "they", "thick", "thin", "third", "this", "those",
    "though", "three", "through", "throughout", "thru", "thus", "to", "together", "too", "top", "toward",
    "towards", "twelve", "twenty", "two", "un", "under", "until", "up", "upon", "us", "very", "via", "was",
    "we", "well", "were", "what", "whatever", "when", "whence", "whenever", "where", "whereafter", "whereas",
    "whereby", "wherein", "whereupon", "wherever", "whether", "which", "while", "whither", "who", "whoever",
    "whole", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
    "yours", "yourself", "yourselves",
])


def normalize_rows(m: sp.csr_matrix) -> sp.csr_matrix:
    """Each row divided by its Euclidean norm (rows of zeros stay zero), as sklearn ``normalize``."""
    m = sp.csr_matrix(m, dtype=float, copy=True)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    m.data /= np.repeat(norms, np.diff(m.indptr))
    return m


class TfIdf:
    """Fitted TF-IDF weights with sublinear term frequency, smoothed idf and unit rows.

    .. math:: w_{t,d} = (1 + \\ln tf_{t,d}) \\cdot \\left(\\ln\\frac{1+N}{1+df_t} + 1\\right)

    then each document's row is scaled to unit length: scikit-learn's
    ``TfidfVectorizer(sublinear_tf=True)`` (Salton & Buckley 1988).
    """

    def __init__(self, texts: list[str], analyzer: Callable[[str], list[str]]):
        self.analyzer = analyzer
        counts = [Counter(analyzer(t)) for t in texts]
        names = sorted(set().union(*counts)) if counts else []
        if not names:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        self.names = np.array(names, dtype=object)
        self.index = {name: i for i, name in enumerate(names)}
        df = np.zeros(len(names))
        for c in counts:
            for term in c:
                df[self.index[term]] += 1
        self.idf = np.log((1 + len(texts)) / (1 + df)) + 1.0

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        rows, cols, data = [], [], []
        for i, text in enumerate(texts):
            for term, count in Counter(self.analyzer(text)).items():
                j = self.index.get(term)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
                    data.append((1.0 + math.log(count)) * self.idf[j])
        m = sp.csr_matrix((data, (rows, cols)), shape=(len(texts), len(self.names)))
        m.sort_indices()
        return normalize_rows(m)

    def get_feature_names_out(self) -> np.ndarray:
        return self.names


def tfidf(texts: list[str], analyzer: Callable[[str], list[str]]) -> TfIdf:
    """Fit :class:`TfIdf` on ``texts`` (ValueError when no term is left)."""
    return TfIdf(texts, analyzer)


def stratified_halves(y: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of two halves of ``y`` with the classes in the same proportions (seeded shuffle)."""
    rng = np.random.default_rng(seed)
    first, second = [], []
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        half = len(members) // 2
        first.append(members[:half])
        second.append(members[half:])
    return np.sort(np.concatenate(first)), np.sort(np.concatenate(second))


def roc_auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve: the probability that a random positive scores above a random
    negative, ties counting one half (Mann-Whitney U / (n₊ n₋); Hanley & McNeil 1982)."""
    y = np.asarray(y) == 1
    positives, negatives = int(y.sum()), int((~y).sum())
    if positives == 0 or negatives == 0:
        raise ValueError("ROC AUC needs both classes")
    order = np.argsort(score, kind="mergesort")
    ranks = np.empty(len(score))
    sorted_score = np.asarray(score)[order]
    # average ranks over ties
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_score)) + 1]
    ends = np.r_[starts[1:], len(score)]
    for s, e in zip(starts, ends):
        ranks[order[s:e]] = (s + e + 1) / 2.0
    u = ranks[y].sum() - positives * (positives + 1) / 2.0
    return float(u / (positives * negatives))


class LogisticModel:
    """Standardised features and L2-penalised logistic regression (C = 1, intercept not
    penalised), fitted by Newton's method: the model scikit-learn's
    ``make_pipeline(StandardScaler(), LogisticRegression())`` fits.

    .. math:: \\min_{w,b} \\tfrac12 \\lVert w \\rVert^2 + C \\sum_i \\log(1 + e^{-y_i (x_i w + b)})
    """

    def __init__(self, c: float = 1.0, tol: float = 1e-10, max_iter: int = 100):
        self.c, self.tol, self.max_iter = c, tol, max_iter

    def fit(self, x: np.ndarray, y: np.ndarray) -> LogisticModel:
        x = np.asarray(x, dtype=float)
        self.mean = x.mean(axis=0)
        scale = x.std(axis=0)
        self.scale = np.where(scale > 0, scale, 1.0)
        z = np.column_stack([(x - self.mean) / self.scale, np.ones(len(x))])
        y = np.asarray(y, dtype=float)
        beta = np.zeros(z.shape[1])
        penalty = np.r_[np.ones(z.shape[1] - 1), 0.0] / self.c
        for _ in range(self.max_iter):
            p = 1.0 / (1.0 + np.exp(-(z @ beta)))
            gradient = z.T @ (p - y) + penalty * beta
            hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
            step = np.linalg.solve(hessian + 1e-12 * np.eye(len(beta)), gradient)
            beta -= step
            if np.abs(step).max() < self.tol:
                break
        self.beta = beta
        return self

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        z = (np.asarray(x, dtype=float) - self.mean) / self.scale
        p = 1.0 / (1.0 + np.exp(-(z @ self.beta[:-1] + self.beta[-1])))
        return np.column_stack([1 - p, p])
