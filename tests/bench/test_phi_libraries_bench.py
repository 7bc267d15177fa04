"""bench/phi_libraries.py must keep working: a missing library is skipped with a printed
line, a present one is scored beside our detector, and the last line is one JSON object."""

import json

from bench import phi_libraries as bench


def test_a_missing_library_is_skipped_and_a_present_one_scored(tmp_path, monkeypatch, capsys):
    corpus = tmp_path / "mine.jsonl"
    corpus.write_text("\n".join(json.dumps(row) for row in [
        {"text": "Pt's daughter Maria calls daily.", "phi": True, "category": "name",
         "spans": [{"start": 14, "end": 19, "category": "name"}]},
        {"text": "Hope this helps; sertraline 50 mg.", "phi": False, "category": "clean"},
    ]) + "\n")

    def missing():
        bench._need("no_such_phi_library")

    monkeypatch.setattr(bench, "CANDIDATES", {"missing one": missing,
                                              "name list (gender-guesser)": bench.name_list})
    assert bench.main(["--corpus", str(corpus)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert "skipped missing one: not installed (no_such_phi_library)" in lines
    result = json.loads(lines[-1])
    assert result["skipped"] == {"missing one": "not installed (no_such_phi_library)"}
    scored = result["candidates"]["name list (gender-guesser)"]["mine.jsonl"]
    assert scored["library"]["recall"] == 1.0 and scored["library"]["clean_flag_rate"] == 1.0
    assert scored["ours"] == {"labelled": 1, "recall": 1.0, "findings": 1, "precision": 1.0,
                              "clean_flag_rate": 0.0}
    assert "Maria" not in "\n".join(lines)  # no corpus text printed
