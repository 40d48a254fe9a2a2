import json
import os

import numpy as np
import pytest
from conftest import tagger_examples

from nlp_gk.errors import ModelError
from nlp_gk.persist import ARTEFACT, META, load_model, read_meta, save_model


def test_round_trip_gives_identical_predictions(tiny_model, tiny_model_dir):
    docs, _ = tagger_examples(50, seed=3)
    loaded = load_model(tiny_model_dir)
    np.testing.assert_array_equal(loaded.predict_proba(docs), tiny_model.predict_proba(docs))
    assert loaded.thresholds == tiny_model.thresholds and loaded.labels == tiny_model.labels


def test_meta_records_hash_labels_and_versions(tiny_model_dir):
    meta = read_meta(tiny_model_dir)
    assert len(meta["sha256"]) == 64 and meta["labels"][0] == "存在问题"
    assert {"scikit-learn", "skops", "numpy"} <= set(meta["libraries"])


def test_tampered_artefact_is_refused(tiny_model, tmp_path):
    out = save_model(tiny_model, tmp_path / "m")
    data = bytearray((out / ARTEFACT).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (out / ARTEFACT).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256 does not match"):
        load_model(out)


def test_untrusted_type_is_refused_even_with_matching_hash(tmp_path):
    import hashlib

    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    out = tmp_path / "evil"
    out.mkdir()
    sio.dump(FunctionTransformer(func=os.system), out / ARTEFACT)
    digest = hashlib.sha256((out / ARTEFACT).read_bytes()).hexdigest()
    meta = {"format_version": 1, "labels": ["其他"], "thresholds": {}, "sha256": digest}
    (out / META).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="untrusted"):
        load_model(out)


@pytest.mark.parametrize("broken", ["no-meta", "no-artefact", "bad-json"])
def test_incomplete_folders_are_refused(tiny_model, tmp_path, broken):
    out = save_model(tiny_model, tmp_path / "m")
    if broken == "no-meta":
        (out / META).unlink()
    elif broken == "no-artefact":
        (out / ARTEFACT).unlink()
    else:
        (out / META).write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError):
        load_model(out)


def test_bundled_default_model_loads_and_tags():
    model = load_model()
    assert model.labels == ("存在问题", "改进措施", "平台建设", "监督保障", "其他")
    assert model.meta["sha256"] and model.predict(["门户网站信息公开专栏运行平稳"])


def test_weighted_model_saves_and_loads(tmp_path):
    from nlp_gk.model import fit_model

    docs, labs = tagger_examples(120)
    model = fit_model(docs, labs, {"min_df": 1}, sample_weight=[0.3] * 60 + [1.0] * 60)
    loaded = load_model(save_model(model, tmp_path / "w"))
    np.testing.assert_array_equal(loaded.predict_proba(docs[:4]), model.predict_proba(docs[:4]))
