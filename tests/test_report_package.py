"""The review page's HTML, CSS and JS and the schema file ship inside the wheel and are read from there."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ["sitrep/io/report_page/page.html", "sitrep/io/report_page/page.css",
           "sitrep/io/report_page/page.js", "sitrep/schemas/record.schema.json"]


def test_wheel_carries_the_page_assets_and_renders_from_them(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp_path)],
                   check=True, capture_output=True, cwd=tmp_path)
    wheel = next(tmp_path.glob("sitrep-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(SHIPPED) <= names, set(SHIPPED) - names
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    code = ("import sitrep.io.report as r; from sitrep.schemas import Article; "
            "p = r.render([], [Article(id='a', text='t')], [], 'x'); "
            "print(r.__file__); print(len(p.html))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path, env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"})
    where, size = run.stdout.split()
    assert where.startswith(str(unpacked)) and int(size) > 10_000
