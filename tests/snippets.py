#!/usr/bin/env python3
# Run the code blocks of lesson files that are marked runnable, and compare
# what they print with the ```output block that follows them.
#
# usage: snippets.py [--list] LESSON.md...
#
# A runnable block has an info string "LANG run [name=FILE] [mpi=N] [fail]".
# LANG is python or c. The block is saved as FILE in a fresh directory and
#   python          run with $PYTHON3 (BLAS and OpenMP threads pinned to 1)
#   python mpi=N    run with mpiexec.openmpi -n N $PYTHON3 (the MPI that
#                   Debian's mpi4py is built with)
#   c               compiled with $CC, then run
#   c mpi=N         compiled with $MPICC, run with $MPIEXEC -n N
# "fail" means the program is expected to exit with a non-zero status; its
# standard error is then compared too. In the expected output, a line "..."
# matches any number of lines and "<...>" inside a line matches any text.
# Lines of MPI programs are compared as a multiset (rank order varies).
#
# One line per snippet, "file:line name: ok|FAIL|SKIP reason", then a
# summary. Exit status: 0 when nothing failed, 1 otherwise.
# MIT licence, as the rest of the code of hpctutor.

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

TIMEOUT = 60          # seconds for one compile or one run
FENCE = re.compile(r'^( {0,3})(`{3,}|~{3,})\s*(.*?)\s*$')


class Snippet:
    def __init__(self, path, line, lang, words, code):
        self.path, self.line, self.lang, self.code = path, line, lang, code
        self.opts = {}
        self.flags = set()
        for w in words:
            if '=' in w:
                k, v = w.split('=', 1)
                self.opts[k] = v
            else:
                self.flags.add(w)
        self.name = self.opts.get('name', 'snippet' + ext_of(lang))
        self.mpi = int(self.opts.get('mpi', '0') or 0)
        self.expect = None          # list of lines, or None: no output block
        self.expect_line = 0


def ext_of(lang):
    return {'python': '.py', 'c': '.c'}.get(lang, '.txt')


def read_fence(lines, i):
    """lines[i] opens a fence: return (info, body lines, index after it)."""
    m = FENCE.match(lines[i])
    indent, fence, info = len(m.group(1)), m.group(2), m.group(3)
    body = []
    j = i + 1
    while j < len(lines):
        c = FENCE.match(lines[j])
        if (c and c.group(2)[0] == fence[0]
                and len(c.group(2)) >= len(fence) and c.group(3) == ''):
            return info, body, j + 1
        s = lines[j]
        k = 0
        while k < indent and k < len(s) and s[k] == ' ':
            k += 1
        body.append(s[k:])
        j += 1
    return info, body, j


def extract(path):
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    out = []
    open_directives = []            # (fence char, length) of each level
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group(2), m.group(3)
        if info.startswith('{'):
            # A directive: its body holds ordinary Markdown, read on.
            open_directives.append((fence[0], len(fence)))
            i += 1
            continue
        if (info == '' and open_directives
                and open_directives[-1][0] == fence[0]
                and len(fence) >= open_directives[-1][1]):
            open_directives.pop()   # closes the innermost directive
            i += 1
            continue
        words = info.split()
        info, body, after = read_fence(lines, i)
        if len(words) >= 2 and 'run' in words[1:]:
            sn = Snippet(path, i + 1, words[0], words[1:], body)
            j = after
            while j < len(lines) and lines[j].strip() == '':
                j += 1
            if j < len(lines):
                o = FENCE.match(lines[j])
                if o and o.group(3).split()[:1] == ['output']:
                    _, obody, after = read_fence(lines, j)
                    sn.expect = obody
                    sn.expect_line = j + 1
            out.append(sn)
        i = after
    return out


def line_re(pattern):
    parts = pattern.split('<...>')
    return re.compile('.*'.join(re.escape(p) for p in parts) + r'\Z')


def clean(lines):
    lines = [l.rstrip() for l in lines]
    while lines and lines[-1] == '':
        lines.pop()
    while lines and lines[0] == '':
        lines.pop(0)
    return lines


def match_seq(expect, got):
    """Ordered match; '...' in expect matches any run of lines."""
    pats = [None if e.strip() == '...' else line_re(e) for e in expect]
    memo = {}

    def m(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(pats):
            r = j == len(got)
        elif pats[i] is None:
            r = any(m(i + 1, k) for k in range(j, len(got) + 1))
        else:
            r = j < len(got) and bool(pats[i].match(got[j])) and m(i + 1, j + 1)
        memo[(i, j)] = r
        return r
    return m(0, 0)


def match_multiset(expect, got):
    """Unordered match: each expected line takes one printed line; with a
    '...' line present, extra printed lines are allowed."""
    loose = any(e.strip() == '...' for e in expect)
    pats = [e for e in expect if e.strip() != '...']
    # Literal lines first, so a pattern cannot steal a literal's partner.
    pats.sort(key=lambda e: '<...>' in e)
    free = list(got)
    for e in pats:
        r = line_re(e)
        for k, g in enumerate(free):
            if r.match(g):
                del free[k]
                break
        else:
            return False
    return loose or not free


def run(cmd, cwd, env):
    """Run cmd in its own process group; kill the group on timeout."""
    try:
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
    except OSError as e:
        return 127, '', str(e)
    try:
        out, err = p.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
        return None, out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace')
    return p.returncode, out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace')


# Open MPI forwards each write of each rank as it comes, so a line printed
# in two writes (text, then newline) can be cut by another rank's output.
# With --tag-output every piece is labelled "[job,rank]<stdout>:"; joining
# the pieces rank by rank gives back whole lines.
OMPI_TAG = re.compile(r'\[\d+,(\d+)\]<(stdout|stderr|stddiag)>:')


def ompi_demux(text):
    parts = OMPI_TAG.split(text)
    ranks = {}
    for k in range(1, len(parts) - 2, 3):
        key = (int(parts[k]), parts[k + 1])
        ranks[key] = ranks.get(key, '') + parts[k + 2]
    out = parts[0]
    for key in sorted(ranks):
        piece = ranks[key]
        out += piece if piece.endswith('\n') else piece + '\n'
    return out


def can_import(py, module):
    rc, _, _ = run([py, '-c', 'import ' + module], None, os.environ.copy())
    return rc == 0


def tail(text, n=12):
    t = text.rstrip('\n').split('\n')
    return '\n'.join('    | ' + l for l in t[-n:])


class Runner:
    def __init__(self):
        self.py = os.environ.get('PYTHON3') or sys.executable
        self.cc = os.environ.get('CC') or shutil.which('cc') or ''
        self.mpicc = os.environ.get('MPICC') or ''
        self.mpiexec = os.environ.get('MPIEXEC') or ''
        self.ompi = shutil.which('mpiexec.openmpi') or ''
        self.cores = os.cpu_count() or 1
        self.have = {}
        self.env = os.environ.copy()
        for v in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS',
                  'MKL_NUM_THREADS', 'NUMEXPR_NUM_THREADS'):
            self.env[v] = '1'
        self.env['PYTHONDONTWRITEBYTECODE'] = '1'
        self.env['PYTHONHASHSEED'] = '0'
        if os.geteuid() == 0:
            self.env['OMPI_ALLOW_RUN_AS_ROOT'] = '1'
            self.env['OMPI_ALLOW_RUN_AS_ROOT_CONFIRM'] = '1'
        # Containers often lack the kernel support for Open MPI's
        # single-copy shared memory; the copy-in/copy-out path works anywhere.
        self.env.setdefault('OMPI_MCA_btl_vader_single_copy_mechanism', 'none')
        self.env.setdefault('OMPI_MCA_rmaps_base_oversubscribe', '1')

    def module(self, name):
        if name not in self.have:
            self.have[name] = can_import(self.py, name)
        return self.have[name]

    def command(self, sn, d):
        """Return (argv, None) or (None, 'SKIP reason')/(None, 'FAIL ...')."""
        src = os.path.join(d, sn.name)
        if sn.lang == 'python':
            for mod in ('numpy', 'mpi4py'):
                if re.search(r'^\s*(import|from)\s+' + mod + r'\b', sn.code_text,
                             re.M) and not self.module(mod):
                    return None, 'SKIP %s: %s has no %s' % (sn.name, self.py, mod)
            if sn.mpi:
                if not self.ompi:
                    return None, 'SKIP %s: no mpiexec.openmpi on PATH' % sn.name
                argv = [self.ompi, '--tag-output', '-n', str(sn.mpi)]
                if sn.mpi > self.cores:
                    argv.append('--oversubscribe')
                return argv + [self.py, src], None
            return [self.py, src], None
        if sn.lang == 'c':
            cc = self.mpicc if sn.mpi else self.cc
            if not cc:
                return None, 'SKIP %s: no %s' % (sn.name, 'MPICC' if sn.mpi else 'CC')
            if sn.mpi and not self.mpiexec:
                return None, 'SKIP %s: no MPIEXEC' % sn.name
            exe = os.path.join(d, 'a.out')
            rc, out, err = run(cc.split() + ['-std=gnu11', '-O2', '-o', exe,
                                             src, '-lm'], d, self.env)
            if rc != 0:
                return None, 'FAIL %s: does not compile\n%s' % (sn.name,
                                                              tail(out + err))
            if sn.mpi:
                return self.mpiexec.split() + ['-n', str(sn.mpi), exe], None
            return [exe], None
        return None, 'FAIL %s: no runner for language %r' % (sn.name, sn.lang)

    def check(self, sn):
        sn.code_text = '\n'.join(sn.code) + '\n'
        with tempfile.TemporaryDirectory(prefix='hpct-snip-') as d:
            with open(os.path.join(d, sn.name), 'w', encoding='utf-8') as f:
                f.write(sn.code_text)
            argv, verdict = self.command(sn, d)
            if argv is None:
                return verdict
            rc, out, err = run(argv, d, self.env)
        if sn.lang == 'python' and sn.mpi:
            out, err = ompi_demux(out), ompi_demux(err)
        if rc is None:
            return 'FAIL %s: still running after %d s\n%s' % (
                sn.name, TIMEOUT, tail(out + err))
        if 'fail' in sn.flags:
            if rc == 0:
                return 'FAIL %s: exit status 0, a failure was expected' % sn.name
            text = out + err
        else:
            if rc != 0:
                return 'FAIL %s: exit status %d\n%s' % (sn.name, rc,
                                                       tail(out + err))
            text = out
        if sn.expect is not None:
            got = clean(text.split('\n'))
            exp = clean(sn.expect)
            ok = (match_multiset if sn.mpi else match_seq)(exp, got)
            if not ok:
                return ('FAIL %s: output differs from line %d\n'
                        '  expected:\n%s\n  got:\n%s' % (
                            sn.name, sn.expect_line, tail('\n'.join(exp), 40),
                            tail('\n'.join(got), 40)))
        return 'ok %s' % sn.name


def main(argv):
    listing = False
    if argv[:1] == ['--list']:
        listing, argv = True, argv[1:]
    if not argv:
        print('usage: snippets.py [--list] LESSON.md...', file=sys.stderr)
        return 2
    snippets = []
    lost = 0
    for p in argv:
        found = extract(p)
        snippets.extend(found)
        # Every opening fence that says "run" must have been found; a
        # fence the scanner misread would otherwise drop a snippet quietly.
        with open(p, encoding='utf-8') as f:
            marked = [n + 1 for n, l in enumerate(f)
                      if re.match(r'^ {0,3}(`{3,}|~{3,})\s*[^{\s]\S*\s.*\brun\b', l)]
        missed = sorted(set(marked) - {sn.line for sn in found})
        for n in missed:
            print('%s:%d: FAIL block marked run was not extracted'
                  % (os.path.basename(p), n))
        lost += len(missed)
    if listing:
        for sn in snippets:
            print('%s:%d %s %s%s' % (sn.path, sn.line, sn.name, sn.lang,
                                     ' mpi=%d' % sn.mpi if sn.mpi else ''))
        return 0
    r = Runner()
    counts = {'ok': 0, 'FAIL': 0, 'SKIP': 0}
    for sn in snippets:
        verdict = r.check(sn)
        word, rest = verdict.split(' ', 1)
        counts[word] += 1
        name, _, detail = rest.partition(': ') if word != 'ok' else (rest, '', '')
        print('%s:%d %s: %s%s' % (os.path.basename(sn.path), sn.line, name,
                                  word, ' ' + detail if detail else ''),
              flush=True)
    print('%d snippets: %d ok, %d failed, %d skipped' % (
        len(snippets), counts['ok'], counts['FAIL'], counts['SKIP']))
    return 1 if counts['FAIL'] or lost else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
