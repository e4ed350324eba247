#!/usr/bin/env python3
"""Regenerates the tarball fixtures of ArchiveTests (run from anywhere; Python 3.8+).

The good tarballs are made exactly like the legacy Azure ML SDK made its artifacts:
``tarfile.open(path, 'w:gz')`` and ``tar.add(<absolute path>)``, so members are named by
the absolute path without its leading '/', e.g. ``tmp/i2e/home/alice/proj/score.py``.
A filter fixes mtime/uid/gid/uname/gname/mode, and the gzip header's mtime is zeroed
afterwards, so the output is byte-for-byte reproducible. The mtime is a float, as
``os.stat`` gives it, so the PAX tarballs carry a PAX 'x' header for every member.
The hostile tarballs are built with ``TarInfo`` + ``addfile``.
"""
import gzip
import io
import os
import shutil
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = '/tmp/i2e'
PROJ = BASE + '/home/alice/proj'
SHARED = BASE + '/home/alice/shared'
LONG_DIR = 'a_rather_long_package_directory_name_for_tests'
LONG_FILE = 'module_with_a_long_enough_name_to_need_an_extension.py'

SOURCES = {
    PROJ + '/score.py': b'import json\n\n\ndef init():\n    pass\n\n\ndef run(data):\n    return json.dumps(data)\n',
    PROJ + '/schema/schema.json': b'{"input": [], "output": []}\n',
    PROJ + '/utils/__init__.py': b'',
    PROJ + '/utils/helpers.py': b'def helper():\n    return 1\n',
    PROJ + '/' + LONG_DIR + '/' + LONG_FILE: b'LONG = True\n',
    SHARED + '/lib.py': b'SHARED = 1\n',
}
SDK_ADDS = [PROJ + '/score.py', PROJ + '/schema/schema.json', PROJ + '/utils', PROJ + '/' + LONG_DIR,
            SHARED + '/lib.py']


def fixed(info):
    """Makes a member reproducible (mtime stays a float, like os.stat's)."""
    info.mtime = 1700000000.5
    info.uid = info.gid = 1000
    info.uname = info.gname = 'alice'
    if info.isdir():
        info.mode = 0o755
    elif info.name.endswith('helpers.py'):
        info.mode = 0o600
    else:
        info.mode = 0o644
    return info


def zero_gzip_mtime(path):
    """Zeroes the MTIME field (bytes 4-7) of a gzip file's header."""
    with open(path, 'r+b') as f:
        f.seek(4)
        f.write(b'\0\0\0\0')


def write_tree(files):
    shutil.rmtree(BASE, ignore_errors=True)
    for path, data in files.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(data)


def sdk_tarball(name, adds, fmt):
    """What the SDK did: tarfile.open(p, 'w:gz') and tar.add(abs_path) per artifact."""
    path = os.path.join(HERE, name)
    tar = tarfile.open(path, 'w:gz', format=fmt)
    for add in adds:
        tar.add(os.path.abspath(add), filter=fixed)
    tar.close()
    zero_gzip_mtime(path)


def member(name, data=b'', kind=tarfile.REGTYPE, linkname='', mode=0o644):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    info.linkname = linkname
    info.mode = mode
    info.mtime = 1700000000
    info.uid = info.gid = 1000
    info.uname = info.gname = 'alice'
    if kind in (tarfile.CHRTYPE, tarfile.BLKTYPE):
        info.devmajor, info.devminor = 1, 3
    return info, io.BytesIO(data) if kind == tarfile.REGTYPE else None


def tar_bytes(members, fmt=tarfile.PAX_FORMAT):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=fmt, encoding='utf-8', errors='surrogateescape') as tar:
        for info, data in members:
            tar.addfile(info, data)
    return buf.getvalue()


def write_gzip(name, data):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(gzip.compress(data, compresslevel=9, mtime=0))


def main():
    write_tree(SOURCES)
    sdk_tarball('pax.tar.gz', SDK_ADDS, tarfile.PAX_FORMAT)
    sdk_tarball('gnu.tar.gz', SDK_ADDS, tarfile.GNU_FORMAT)
    sdk_tarball('ustar.tar.gz', SDK_ADDS, tarfile.USTAR_FORMAT)

    # A second dependency tarball of the same image: same score.py, other helpers.py.
    write_tree({
        PROJ + '/score.py': SOURCES[PROJ + '/score.py'],
        PROJ + '/utils/helpers.py': b'def helper():\n    return 2\n',
        PROJ + '/extra.py': b'EXTRA = 1\n',
    })
    sdk_tarball('deps2.tar.gz', [PROJ + '/score.py', PROJ + '/utils/helpers.py', PROJ + '/extra.py'],
                tarfile.PAX_FORMAT)
    shutil.rmtree(BASE, ignore_errors=True)

    def score():
        return member('tmp/i2e/home/alice/proj/score.py', b'print("hi")\n')

    write_gzip('dotdot.tar.gz', tar_bytes([score(), member('../evil', b'evil\n')]))
    write_gzip('absolute.tar.gz', tar_bytes([member('/etc/passwd', b'root:x:0:0::/root:/bin/sh\n')]))
    write_gzip('symlink.tar.gz', tar_bytes([member('tmp/i2e/home/alice/proj/etc', kind=tarfile.SYMTYPE,
                                                   linkname='/etc')]))
    write_gzip('innerlink.tar.gz', tar_bytes([score(), member('tmp/i2e/home/alice/proj/main.py',
                                                            kind=tarfile.SYMTYPE, linkname='score.py')]))
    write_gzip('hardlink.tar.gz', tar_bytes([member('tmp/i2e/home/alice/proj/x', kind=tarfile.LNKTYPE,
                                                    linkname='../x')]))
    write_gzip('chardev.tar.gz', tar_bytes([member('dev/null', kind=tarfile.CHRTYPE)]))
    write_gzip('fifo.tar.gz', tar_bytes([member('tmp/i2e/home/alice/proj/pipe', kind=tarfile.FIFOTYPE)]))
    write_gzip('nonutf8.tar.gz', tar_bytes([member('tmp/i2e/bad\udcff.py', b'x = 1\n')]))

    # Cut in the middle of a 1200-byte member: header + 512 of its bytes remain.
    whole = tar_bytes([member('home/a/x.py', b'#' * 1199 + b'\n')])
    write_gzip('truncated.tar.gz', whole[:1024])

    # Second header (offset 1024) with its mode field changed after checksumming.
    good = bytearray(tar_bytes([score(), member('tmp/i2e/home/alice/proj/b.py', b'b = 2\n')],
                               fmt=tarfile.GNU_FORMAT))
    assert good[1024 + 100:1024 + 108] == b'0000644\0'
    good[1024 + 104] = ord('7')
    write_gzip('badchecksum.tar.gz', bytes(good))

    # 3 MiB of file data (for a low maxTotalBytes); a gzip bomb of 16 MiB of zeros.
    write_gzip('bigfile.tar.gz', tar_bytes([member('big.bin', bytes(3 << 20))]))
    write_gzip('bomb.gz', bytes(16 << 20))
    # Two concatenated gzip members.
    with open(os.path.join(HERE, 'concat.gz'), 'wb') as f:
        f.write(gzip.compress(b'hello ', mtime=0) + gzip.compress(b'world\n', mtime=0))
    with open(os.path.join(HERE, 'notgzip.tar.gz'), 'wb') as f:
        f.write(b'PK\x03\x04this is a zip file, not gzip\n')
    open(os.path.join(HERE, 'empty.tar.gz'), 'wb').close()


if __name__ == '__main__':
    main()
