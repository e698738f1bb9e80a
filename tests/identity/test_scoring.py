"""Scoring: calibrated probabilities, explanations, TF adjustment, labelled fitting."""

from __future__ import annotations

import numpy as np

from hifazat.identity.features import FeatureSet
from hifazat.identity.linkage import candidate_pairs, link, train
from hifazat.identity.records import prepare
from hifazat.identity.scoring import MatchModel, compare
from hifazat.synthetic import PeopleGenerator


def _row(p, rid):
    dob = "" if p.dob is None else (str(p.dob.year) if p.dob_precision == "year"
                                    else p.dob.isoformat())
    return {"id": rid, "given": p.given_name, "surname": p.surname, "father": p.father_name,
            "dob": dob, "cnic": p.cnic, "district": p.district_code}


def _dataset(n=1500, seed=1):
    gen = PeopleGenerator(seed=seed)
    rng = np.random.default_rng(seed)
    left, right, truth = [], [], set()
    for k in range(n):
        p = gen.offender()
        left.append(_row(p, f"L{k}"))
        if rng.random() < 0.7:
            right.append(_row(gen.variant_of(p, urdu=rng.random() < 0.15), f"R{k}"))
            truth.add((f"L{k}", f"R{k}"))
        if rng.random() < 0.3:
            right.append(_row(gen.sibling_of(p), f"S{k}"))
    return left, right, truth


def test_linkage_is_precise_and_finds_most_matches_including_urdu():
    left, right, truth = _dataset()
    result = link(left, right, threshold=0.9)
    predicted = set(zip(result.left_ids, result.right_ids, strict=True))
    tp = len(predicted & truth)
    assert tp / len(predicted) >= 0.98
    assert tp / len(truth) >= 0.95
    assert all(0.9 <= p <= 1.0 for p in result.probabilities)
    urdu_ids = {r["id"] for r in right if any("\u0600" <= c <= "\u06ff" for c in r["given"])}
    found_urdu = {r for _, r in predicted & truth} & urdu_ids
    assert len(found_urdu) >= 0.9 * len({r for _, r in truth} & urdu_ids)


def test_siblings_are_not_matched():
    left, right, _truth = _dataset(n=800, seed=4)
    result = link(left, right, threshold=0.9)
    sibling_hits = [r for r in result.right_ids if r.startswith("S")]
    assert len(sibling_hits) <= 2


def test_explanation_names_each_field_and_its_weight():
    model = MatchModel()
    a = prepare({"given": "Muhammad Imran", "father": "Ghulam Rasool", "dob": "1990-03-04",
                 "cnic": "35202-1234567-1", "district": "PB-LHR"})
    b = prepare({"given": "عمران", "father": "غلام رسول", "dob": "1990", "cnic": "",
                 "district": "PB-LHR"})
    explanation = model.explain(a, b)
    fields = {f["field"]: f for f in explanation.as_dict()["fields"]}
    assert fields["given"]["level"] == "same sound" and fields["given"]["weight"] > 0
    assert fields["cnic"]["level"] == "" and fields["cnic"]["weight"] == 0
    assert "Father's name" in explanation.summary()
    stranger = prepare({"given": "Bilal", "father": "Anwar", "dob": "1970-05-05",
                        "cnic": "4210112345671", "district": "SD-KHS"})
    assert model.explain(a, stranger).probability < 0.01 < explanation.probability


def test_common_names_count_for_less_than_rare_names():
    left = [{"id": f"c{i}", "given": "Muhammad Ali", "father": f"Father{i}"} for i in range(300)]
    left += [{"id": "rare", "given": "Tauqeer", "father": "Zulqarnain"}]
    prepared = [prepare(r) for r in left]
    li, ri, _ = candidate_pairs(prepared, None)
    model = train(prepared, prepared, li, ri)
    common = prepare({"given": "Ali", "father": "Anwar"})
    rare = prepare({"given": "Tauqeer", "father": "Anwar"})
    w_common = {c.field: c.weight for c in model.explain(common, prepared[0]).contributions}
    w_rare = {c.field: c.weight for c in model.explain(rare, prepared[-1]).contributions}
    assert w_rare["given"] > w_common["given"] + 1.0


def test_fit_on_labelled_pairs():
    left, right, truth = _dataset(n=600, seed=9)
    lp, rp = [prepare(r) for r in left], [prepare(r) for r in right]
    li, ri, _ = candidate_pairs(lp, rp)
    gamma = FeatureSet(lp, rp).compare(li, ri)
    labels = np.array([(lp[i].id, rp[j].id) in truth for i, j in zip(li, ri, strict=True)])
    model = MatchModel()
    model.fit_labelled(gamma, labels)
    assert model.m["cnic"][0] > model.u["cnic"][0] * 100
    assert 0 < model.prior < 1
    assert compare(lp[0], lp[0])[0] == 0


def test_model_round_trips_through_json():
    model = MatchModel()
    model.prior = 0.01234
    again = MatchModel.from_json(model.to_json())
    assert again.prior == model.prior and again.m == model.m


def test_given_name_and_surname_written_the_other_way_round_still_agree():
    a = prepare({"given": "Imran", "surname": "Khan", "dob": "1990-03-04"})
    b = prepare({"given": "Khan", "surname": "Imran", "dob": "1990-03-04"})
    c = prepare({"given": "Bilal", "surname": "Qureshi", "dob": "1990-03-04"})
    assert compare(a, b)[:2] == [0, 0]
    assert compare(a, c)[:2] == [4, 3]
    features = FeatureSet([a], [b, c])
    gamma = features.compare(np.array([0, 0]), np.array([0, 1]))
    assert gamma[0, :2].tolist() == [0, 0] and gamma[1, :2].tolist() == [4, 3]
