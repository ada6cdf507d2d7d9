"""The pinned front-end files of scripts/vendor.txt, fetched and checked (Python stdlib only).

Used when the wheel is built (setup.py puts the files the site serves, Mermaid, into the
package) and by scripts/setup (the same files into plugins/journey_handbook/site/vendor/ for
the editable install). A file already in place under its vendor.txt destination (docs/...)
with the pinned sha256 is copied; otherwise the npm tarball is fetched (`npm pack`, or the
registry over HTTPS when npm is absent), checked against the pinned dist.integrity, and the
member is extracted and checked against the pinned sha256. Any mismatch stops with an error.

vendor.txt lines: NAME VERSION MEMBER DEST INTEGRITY SHA256. A MEMBER ending in `/*.EXT` is
every *.EXT file directly in that tarball folder, DEST then ends in `/`, and SHA256 is that of
the folder's manifest (`cd DIR && LC_ALL=C sha256sum -- *.EXT | sha256sum`).

    python scripts/vendor.py --into plugins/journey_handbook/site/vendor
"""

from __future__ import annotations

import argparse
import base64
import fnmatch
import hashlib
import io
import os
import posixpath
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR_TXT = ROOT / "scripts" / "vendor.txt"
# What the package carries: the npm packages the published site loads. axe-core is only
# for the accessibility tests. Destinations keep their layout below docs/assets/vendor/.
SHIPPED = ("mermaid",)
SITE_VENDOR = "docs/assets/vendor/"


class VendorError(Exception):
    pass


@dataclass(frozen=True)
class Entry:
    name: str
    version: str
    member: str
    dest: str
    integrity: str
    sha256: str

    @property
    def is_folder(self) -> bool:
        return self.dest.endswith("/")


def entries(path: Path = VENDOR_TXT) -> list[Entry]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if fields and not fields[0].startswith("#"):
            if len(fields) < 6:
                raise VendorError(f"{path}: a line needs 6 columns: {line!r}")
            out.append(Entry(*fields[:6]))
    return out


def shipped(all_entries: list[Entry]) -> list[Entry]:
    return [e for e in all_entries if e.name in SHIPPED and e.dest.startswith(SITE_VENDOR)]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_sha256(files: dict[str, bytes]) -> str:
    """sha256sum's output for the files, sorted by name in byte order, hashed again."""
    lines = "".join(f"{_sha256(files[n])}  {n}\n" for n in sorted(files, key=str.encode))
    return _sha256(lines.encode())


def _local(entry: Entry, root: Path) -> dict[str, bytes] | None:
    """The entry's files already in place under its destination, if they match the pin."""
    dest = root / entry.dest
    if entry.is_folder:
        pattern = posixpath.basename(entry.member)
        files = {p.name: p.read_bytes() for p in sorted(dest.glob(pattern)) if p.is_file()} \
            if dest.is_dir() else {}
        return files if files and manifest_sha256(files) == entry.sha256 else None
    if dest.is_file():
        data = dest.read_bytes()
        return {dest.name: data} if _sha256(data) == entry.sha256 else None
    return None


def _download(entry: Entry, work: Path) -> bytes:
    if shutil.which("npm"):
        done = subprocess.run(["npm", "pack", "--silent", f"{entry.name}@{entry.version}"],
                              cwd=work, capture_output=True, text=True, check=False)
        if done.returncode == 0 and done.stdout.strip():
            return (work / done.stdout.strip().splitlines()[-1]).read_bytes()
    registry = os.environ.get("npm_config_registry",  # noqa: SIM112 - npm spells it so
                              "https://registry.npmjs.org/")
    base = entry.name.rsplit("/", 1)[-1]
    url = f"{registry.rstrip('/')}/{entry.name}/-/{base}-{entry.version}.tgz"
    with urllib.request.urlopen(url, timeout=120) as answer:  # noqa: S310 - the npm registry
        return answer.read()


def _extract(entry: Entry, tarball: bytes) -> dict[str, bytes]:
    got = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if got != entry.integrity:
        raise VendorError(f"{entry.name}@{entry.version}: integrity mismatch: expected "
                          f"{entry.integrity}, got {got}")
    files: dict[str, bytes] = {}
    folder, pattern = posixpath.split(entry.member)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        for info in tar.getmembers():
            if not info.isfile():
                continue
            if entry.is_folder:
                here, name = posixpath.split(info.name)
                if here != folder or not fnmatch.fnmatchcase(name, pattern):
                    continue
            elif info.name != entry.member:
                continue
            files[posixpath.basename(info.name)] = tar.extractfile(info).read()
    if not files:
        raise VendorError(f"{entry.name}@{entry.version}: no {entry.member} in the tarball")
    sha = manifest_sha256(files) if entry.is_folder else _sha256(next(iter(files.values())))
    if sha != entry.sha256:
        raise VendorError(f"{entry.name}@{entry.version}: {entry.member} sha256 is {sha}, "
                          f"vendor.txt says {entry.sha256}")
    return files


def vendor_into(target: Path, root: Path = ROOT, vendor_txt: Path | None = None) -> list[Path]:
    """Put the shipped entries under `target`, laid out as below docs/assets/vendor/."""
    written: list[Path] = []
    tarballs: dict[tuple[str, str], bytes] = {}  # the Mermaid lines: one download
    with tempfile.TemporaryDirectory() as tmp:
        for entry in shipped(entries(vendor_txt or root / "scripts" / "vendor.txt")):
            files = _local(entry, root)
            if files is None:
                key = (entry.name, entry.version)
                if key not in tarballs:
                    tarballs[key] = _download(entry, Path(tmp))
                files = _extract(entry, tarballs[key])
            place = target / entry.dest[len(SITE_VENDOR):]
            if entry.is_folder and place.is_dir():  # chunks of an older version go
                for stale in place.glob(posixpath.basename(entry.member)):
                    if stale.name not in files:
                        stale.unlink()
            for name, data in files.items():
                path = place / name if entry.is_folder else place
                if not (path.is_file() and path.read_bytes() == data):
                    path.parent.mkdir(parents=True, exist_ok=True)
                    part = path.with_name(path.name + ".part")
                    part.write_bytes(data)
                    os.replace(part, path)  # never a half file
                written.append(path)
    _prune(target, written)
    return written


def _prune(target: Path, kept: list[Path]) -> None:
    """Remove files under `target` that vendor.txt no longer pins (the UMD build of Mermaid
    once was): the folder holds nothing else, and a package must not carry them."""
    keep = {path.resolve() for path in kept}
    for path in sorted(target.rglob("*"), reverse=True):
        if path.is_file() and path.resolve() not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--into", type=Path, required=True,
                        help="folder to fill (the package's site/vendor/)")
    args = parser.parse_args()
    try:
        written = vendor_into(args.into)
    except (VendorError, OSError) as exc:
        print(f"vendor: {exc}", file=sys.stderr)
        return 1
    print(f"vendor: {len(written)} files in {args.into}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
