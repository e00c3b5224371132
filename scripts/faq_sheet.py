"""Writes the front desk's FAQ sheet: results/faq-sheet.html, and a PDF when Chromium is installed.

Usage: python scripts/faq_sheet.py [OUTPUT_DIR]   (make faq-sheet)
"""
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from clinic.faq_sheet import load_responses, render_html  # noqa: E402
from clinic.settings import PROJECT_ROOT, load_settings  # noqa: E402

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def write_pdf(html_file: Path, pdf_file: Path) -> bool:
    """Prints the HTML page to PDF with headless Chromium (Debian's `chromium`), if there is one."""
    browser = next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)
    if not browser:
        return False
    with tempfile.TemporaryDirectory() as profile:  # a throwaway profile: nothing of the user's is read
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
             "--no-pdf-header-footer", f"--print-to-pdf={pdf_file}", html_file.resolve().as_uri()],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
        )
    return pdf_file.exists()


def main() -> None:
    output_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT_ROOT / "results"
    output_dir.mkdir(parents=True, exist_ok=True)
    html_file, pdf_file = output_dir / "faq-sheet.html", output_dir / "faq-sheet.pdf"
    html_file.write_text(render_html(load_responses(PROJECT_ROOT / "domain"), load_settings(), date.today()),
                         encoding="utf-8")
    print(f"FAQ sheet written to {html_file}")
    if write_pdf(html_file, pdf_file):
        print(f"and printed to {pdf_file}")
    else:
        print("no PDF: Chromium is not installed (apt-get install chromium); print the HTML page instead")


if __name__ == "__main__":
    main()
