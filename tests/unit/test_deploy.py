"""CORS_ORIGINS, shared by the Rasa server (scripts/run.sh) and the demo page."""
import subprocess
import sys

import pytest

from clinic.deploy import DeployConfigError, cors_origins
from clinic.settings import PROJECT_ROOT


def test_only_the_local_demo_page_by_default():
    assert cors_origins({}) == ["http://localhost:8080", "http://127.0.0.1:8080"]
    assert cors_origins({"CORS_ORIGINS": " , "}) == ["http://localhost:8080", "http://127.0.0.1:8080"]


def test_comma_separated_origins_in_order_without_repeats():
    environ = {"CORS_ORIGINS": "https://Clinic.example, https://www.clinic.example/,http://localhost:8080,"
                               "https://clinic.example"}
    assert cors_origins(environ) == ["https://clinic.example", "https://www.clinic.example", "http://localhost:8080"]


@pytest.mark.parametrize("value", ["*", "https://*.clinic.example", "https://clinic.example,*"])
def test_every_site_is_refused(value):
    with pytest.raises(DeployConfigError, match="not '\\*'"):
        cors_origins({"CORS_ORIGINS": value})


@pytest.mark.parametrize("value", ["clinic.example", "ftp://clinic.example", "https://clinic.example/chat",
                                   "https://clinic.example?x=1", "https://user@clinic.example", "https://"])
def test_what_is_not_an_origin_is_refused(value):
    with pytest.raises(DeployConfigError, match="is not an origin"):
        cors_origins({"CORS_ORIGINS": value})


def run_cli(environ):
    return subprocess.run([sys.executable, "-m", "clinic.deploy", "cors-origins"], cwd=PROJECT_ROOT,
                          env={"PATH": "/usr/bin:/bin", **environ}, capture_output=True, text=True, timeout=30)


def test_the_command_prints_one_origin_a_line_for_run_sh():
    result = run_cli({"CORS_ORIGINS": "https://clinic.example,http://localhost:8080"})
    assert (result.returncode, result.stdout) == (0, "https://clinic.example\nhttp://localhost:8080\n")


def test_the_command_fails_with_one_line_on_a_bad_value():
    result = run_cli({"CORS_ORIGINS": "*"})
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "error: CORS_ORIGINS must list the sites allowed, not '*' (every site)"]
