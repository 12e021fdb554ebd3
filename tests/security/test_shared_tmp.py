"""An extra sites.csv reaches the gazetteer as content: nothing is staged under a fixed
name in a shared folder (the old /tmp/briefmap-sites/<hash>.csv was read back unverified
and written through symlinks), so another local user cannot plant or redirect it."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from geo.build.analysis import AnalysisSpec, _tools, analyse_documents
from geo.read.documents import split_sections

SITES = ("id,name,aliases,lat,lon,country,category,descriptors,status,source\n"
         "zubrovka-post,Zubrovka Listening Station,Zubrovka Station,21.5,-79.25,CU,intelligence,"
         "listening post,active,https://example.org/zubrovka\n")
PLANTED = SITES.replace("21.5,-79.25", "1.0,1.0")
ARTICLE = "Engineers expanded the Zubrovka Listening Station last year, officials said.\n"


@pytest.fixture()
def old_location():
    """The fixed name the old code used for SITES, removed again afterwards."""
    folder = Path(tempfile.gettempdir()) / "briefmap-sites"
    path = folder / f"{hashlib.sha256(SITES.encode()).hexdigest()[:16]}.csv"
    existed = folder.exists()
    folder.mkdir(exist_ok=True)
    yield path
    if path.is_symlink() or path.exists():
        path.unlink()
    if not existed:
        shutil.rmtree(folder, ignore_errors=True)


def _site_points(spec: AnalysisSpec) -> set[tuple[float, float]]:
    _tools.cache_clear()   # each spec opens its gazetteer afresh, as a new worker would
    try:
        [result], _ = analyse_documents(split_sections(ARTICLE, "a.txt"), spec)
    finally:
        _tools.cache_clear()
    return {(r.place.lat, r.place.lon) for r in result.resolutions
            if r.place is not None and r.place.id == "site:zubrovka-post"}


def test_a_file_planted_at_the_old_location_is_not_read(old_location):
    old_location.write_text(PLANTED, encoding="utf-8")
    assert _site_points(AnalysisSpec(sites_csv=SITES)) == {(21.5, -79.25)}
    assert old_location.read_text(encoding="utf-8") == PLANTED


def test_a_symlink_planted_at_the_old_location_is_neither_read_nor_written_through(old_location, tmp_path):
    decoy = tmp_path / "decoy.csv"
    decoy.write_text(PLANTED, encoding="utf-8")
    old_location.symlink_to(decoy)
    assert _site_points(AnalysisSpec(sites_csv=SITES)) == {(21.5, -79.25)}
    assert decoy.read_text(encoding="utf-8") == PLANTED

    old_location.unlink()
    victim = tmp_path / "victim.txt"           # a dangling link: the old code wrote the CSV into it
    old_location.symlink_to(victim)
    assert _site_points(AnalysisSpec(sites_csv=SITES)) == {(21.5, -79.25)}
    assert not victim.exists()


def test_the_analysis_stages_nothing_in_the_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)   # re-read TMPDIR
    assert _site_points(AnalysisSpec(sites_csv=SITES)) == {(21.5, -79.25)}
    assert os.listdir(tmp_path) == []
