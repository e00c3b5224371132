"""The server benchmark's report: ratios and target verdicts from given figures (no servers, no timing)."""
import importlib.util
import sys

from tests.conftest import PROJECT_ROOT

spec = importlib.util.spec_from_file_location("bench_server", PROJECT_ROOT / "scripts" / "bench_server.py")
bench_server = importlib.util.module_from_spec(spec)
sys.modules["bench_server"] = bench_server  # its dataclasses look their module up
spec.loader.exec_module(bench_server)


def result(name, per_second, latency_ms):
    figures = bench_server.Result(name, startup_seconds=20.0, rss_mb={"Rasa server": 500.0})
    for conversations in bench_server.LEVELS:
        level = bench_server.Level(conversations, messages=int(per_second * 10), seconds=10.0)
        level.latencies = [latency_ms / 1000] * 20
        figures.levels[conversations] = level
    return figures


def test_targets_met_when_ours_is_twice_as_fast_with_half_the_latency():
    text = bench_server.report(result("ours", 40, 50), result("stock", 20, 100))
    assert "10 conv.: messages/s" in text and "2.00" in text
    assert text.count(" met") == 3 and "NOT met" not in text


def test_targets_not_met_when_ours_is_slower():
    text = bench_server.report(result("ours", 10, 200), result("stock", 20, 100))
    assert text.count("NOT met") == 3


def test_no_target_is_met_when_ours_answers_with_empty_replies():
    ours = result("ours", 40, 50)
    ours.levels[10].errors = 3
    text = bench_server.report(ours, result("stock", 20, 100))
    assert text.count("NOT met (3 empty or failed replies of ours)") == 3


def test_the_stock_assistants_empty_replies_do_not_fail_ours():
    stock = result("stock", 20, 100)
    stock.levels[10].errors = 30
    assert "NOT met" not in bench_server.report(result("ours", 40, 50), stock)


def test_cpu_seconds_are_counted_for_the_role_named_in_the_command_line():
    import subprocess

    # a process that burns 0.5 s of CPU and says so; its command line names the action server's role
    burner = subprocess.Popen([sys.executable, "-c", "import sys, time\nend = time.process_time() + 0.5\n"
                               "while time.process_time() < end: pass\nprint('burnt', flush=True)\n"
                               "sys.stdin.read()", "rasa", "run", "actions"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert burner.stdout.readline().strip() == "burnt"
        assert bench_server.cpu_seconds_by_role()["action servers"] >= 0.45
    finally:
        burner.stdin.close()
        burner.wait(timeout=10)


def test_scale_report_shows_cpu_per_message_by_role():
    results = {}
    for servers, per_second in ((1, 15.0), (2, 27.0)):
        results[servers] = {}
        for conversations in bench_server.SCALE_LEVELS:
            level = bench_server.Level(conversations, messages=100, seconds=100 / per_second)
            level.latencies = [0.5] * 10
            level.cpu_seconds = {"Rasa servers": 6.0 * servers, "PostgreSQL": 1.0}
            results[servers][conversations] = level
    text = bench_server.scale_report(results)
    assert "  Rasa servers" in text and "60.0" in text and "120.0" in text
    assert "ratio  1.80  met" in text
