"""The robustness figures script keeps working (a small run of each part)."""

from tests.robustness import report


def test_report_parts_count_and_lose_nothing():
    parser = report.parser_inputs(200, workers=1)
    assert parser["parser inputs tried"] == 200 and parser["parser failures"] == 0
    assert parser["code executed (canary)"] == 0
    files = report.session_files()
    assert files["files refused"] == files["hostile files tried"]
    assert files["files changed by loading"] == 0
    assert files["hostile autosaves offered for recovery"] == 0
    kills = report.saver_kills(3)
    assert kills["saves lost"] == 0 and kills["kills survived"] == 3
