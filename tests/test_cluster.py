import numpy as np
import pandas as pd
import pytest

from tierlab.cluster import cluster_profile, compare_tierings, kmeans_segments


def blobs(seed=0):
    """Three well-separated groups of 10 customers each (big, medium, small spenders)."""
    rng = np.random.default_rng(seed)
    centres = [(100.0, 20.0), (50.0, 10.0), (5.0, 1.0)]
    rows = [(cx + rng.normal(0, 1), cy + rng.normal(0, 0.5)) for cx, cy in centres for _ in range(10)]
    df = pd.DataFrame(rows, columns=["spend", "visits"])
    df.insert(0, "customer_id", [f"m{i:02d}" for i in range(30)])
    df["truth"] = np.repeat(["big", "medium", "small"], 10)
    return df


def test_kmeans_recovers_blobs_with_ordered_labels():
    df = blobs()
    out = kmeans_segments(df, features=["spend", "visits"], n_clusters=3, random_state=1)
    # cluster 0 = highest mean spend (first feature)
    assert out["cluster"].tolist() == [0] * 10 + [1] * 10 + [2] * 10
    assert list(out.columns[:4]) == ["customer_id", "spend", "visits", "cluster"]
    d = out[["distance_to_0", "distance_to_1", "distance_to_2"]].to_numpy()
    assert (d.argmin(axis=1) == out["cluster"].to_numpy()).all()
    assert np.allclose(out["distance"], d.min(axis=1))


def test_kmeans_is_deterministic_for_a_seed():
    df = blobs(3)
    a = kmeans_segments(df, features=["spend", "visits"], n_clusters=4, random_state=7)
    b = kmeans_segments(df, features=["spend", "visits"], n_clusters=4, random_state=7)
    pd.testing.assert_frame_equal(a, b)


def test_kmeans_fits_on_one_thread(monkeypatch):
    # OpenMP threads on a busy machine made a small fit 100x slower (issue 14)
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_info

    seen = []
    fit = KMeans.fit

    def recording_fit(self, *args, **kwargs):
        seen.append({i["user_api"]: i["num_threads"] for i in threadpool_info()})
        return fit(self, *args, **kwargs)

    monkeypatch.setattr(KMeans, "fit", recording_fit)
    kmeans_segments(blobs(), features=["spend", "visits"], n_clusters=3, random_state=1)
    assert seen and seen[0]["openmp"] == 1  # scikit-learn always loads OpenMP


def test_standardisation_matters():
    # visits separates two groups, spend is large-scale noise: without scaling spend would win
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"customer_id": range(40),
                       "visits": np.repeat([1.0, 10.0], 20) + rng.normal(0, 0.1, 40),
                       "spend": rng.normal(1000, 30, 40)})
    out = kmeans_segments(df, features=["visits", "spend"], n_clusters=2, random_state=0)
    assert out["cluster"].tolist() == [1] * 20 + [0] * 20


def test_kmeans_errors():
    df = blobs()
    with pytest.raises(ValueError, match=r"features\[1\]='income' is not a column"):
        kmeans_segments(df, features=["spend", "income"])
    with pytest.raises(ValueError, match="n_clusters=40 is more than the 30 customers"):
        kmeans_segments(df, features=["spend"], n_clusters=40)
    with pytest.raises(TypeError, match="must hold numbers"):
        kmeans_segments(df, features=["truth"])


def test_cluster_profile():
    df = blobs()
    prof = cluster_profile(df, cluster="truth", features=["spend"])
    assert prof["truth"].tolist() == ["big", "medium", "small", "all"]
    assert prof["customers"].tolist() == [10, 10, 10, 30]
    assert prof.loc[0, "spend"] == pytest.approx(df["spend"][:10].mean())
    assert prof.loc[3, "spend"] == pytest.approx(df["spend"].mean())
    assert prof["customer_share"].tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3, 1.0])
    with pytest.raises(ValueError, match="clash"):
        cluster_profile(df.rename(columns={"spend": "customers"}), cluster="truth",
                        features=["customers"])


def test_compare_tierings_by_hand():
    a = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "tier": list("AABBC")})
    b = pd.DataFrame({"customer_id": [5, 4, 3, 2, 1, 9], "cluster": [2, 1, 1, 0, 0, 3]})
    res = compare_tierings(a, b, tier_b="cluster")
    assert res.agreement == 1.0
    assert res.adjusted_rand == pytest.approx(1.0)
    assert res.pairs == {"A": 0, "B": 1, "C": 2}
    assert (res.n_customers, res.only_a, res.only_b) == (5, 0, 1)
    assert res.crosstab.loc["A", 0] == 2
    c = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "tier": list("ABABA")})
    res2 = compare_tierings(a, c)
    # a = AABBC, c = ABABA: each tier of a splits; the best pairing keeps 2 of 5 together
    assert res2.agreement == pytest.approx(2 / 5)
    assert res2.adjusted_rand < 0.5


def test_compare_tierings_keeps_empty_categories():
    cats = pd.CategoricalDtype(["A", "B", "C"], ordered=True)
    a = pd.DataFrame({"customer_id": [1, 2], "tier": pd.Series(["A", "A"], dtype=cats)})
    res = compare_tierings(a, a)
    assert list(res.crosstab.index) == ["A", "B", "C"]


def test_compare_errors_and_no_mutation():
    a = pd.DataFrame({"customer_id": [1, 2], "tier": ["A", "B"]})
    b = pd.DataFrame({"customer_id": [3, 4], "tier": ["A", "B"]})
    before = a.copy()
    with pytest.raises(ValueError, match="share no customer ids"):
        compare_tierings(a, b)
    with pytest.raises(ValueError, match="tier_b='segment' is not a column of b"):
        compare_tierings(a, a, tier_b="segment")
    kmeans_segments(blobs(), features=["spend"], n_clusters=2, random_state=0)
    pd.testing.assert_frame_equal(a, before)
