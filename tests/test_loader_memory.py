"""A briefing's files are parsed one at a time (issue #15: 100k units peaked at 530 MB when
every file's text and parse were held at once), with the same content fingerprint."""

from __future__ import annotations

import hashlib
import json
import tracemalloc
from pathlib import Path

from briefing.content import load_paths

from tests.conftest import write

HEAD = '[briefing]\nid = "big"\ntitle = "Big"\nlanguage = "ko"\n'


def sections_file(path: Path, first: int, count: int) -> None:
    text = "고성능 컴퓨팅 인프라와 디지털응용플랫폼 협력을 확대한다 " * 12
    write(
        path,
        "".join(
            f'[[section]]\nid = "s{n:05d}"\ntitle = "절 {n}"\nparagraphs = [{json.dumps(f"{n} {text}", ensure_ascii=False)}]\n\n'
            for n in range(first, first + count)
        ),
    )


def transient_bytes(folder: Path) -> int:
    """Memory allocated while loading beyond what the loaded library keeps."""
    tracemalloc.start()
    try:
        result = load_paths([folder])
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not result.problems, result.problems
    return peak - kept


def test_files_are_parsed_one_at_a_time(tmp_path: Path) -> None:
    one = tmp_path / "one"
    write(one / "briefing.toml", HEAD)
    sections_file(one / "sections-0.toml", 0, 400)
    many = tmp_path / "many"
    write(many / "briefing.toml", HEAD)
    for i in range(8):
        sections_file(many / f"sections-{i}.toml", i * 400, 400)
    transient_bytes(one)  # warm: imports and caches are not the loader's
    single = transient_bytes(one)
    eight = transient_bytes(many)
    # Held all at once, eight files would cost about eight times one file.
    assert eight < 2 * single, (eight, single)


def test_fingerprint_is_the_files_bytes_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    write(folder / "briefing.toml", HEAD)
    sections_file(folder / "agreements-first.toml", 0, 2)  # sorts before briefing.toml
    sections_file(folder / "sections.toml", 2, 2)
    (folder / "broken.toml").write_bytes(b"\xff\xfe not utf-8")  # skipped, not hashed
    result = load_paths([folder])
    (briefing,) = result.briefings
    digest = hashlib.blake2b(digest_size=16)
    for name in ("agreements-first.toml", "briefing.toml", "sections.toml"):
        digest.update(name.encode() + b"\0" + (folder / name).read_bytes())
    assert briefing.fingerprint == digest.hexdigest()
    assert any("broken.toml" in str(p) for p in result.problems)
    assert len(briefing.sections) == 4
