#!/usr/bin/env python3
"""bench/corpus-compare.py: compares one package's reports written by bench/corpus (or, with --table, all of them).

A pair is (archive file name, CVE id): the archive is the innermost Java archive (jar, war, ear...) a finding or a
Dependency-Check dependency belongs to (a shaded library counts for the jar that embeds it, and a nested WAR's own
Maven identity for that WAR, as both tools report them there); a finding on the package file itself counts for the
package. Pairs and secret findings listed in the reviewed files of test-fixtures/corpus are counted apart, with their
reasons.
"""
import collections
import json
import os
import re
import sys

ARCHIVE = re.compile(r'.+\.(jar|war|ear|rar|sar|aar|hpi|jpi)$', re.IGNORECASE)
REVIEWED = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test-fixtures', 'corpus')


def jar_of(path, package=''):
    """The archive a location points into: its last '*.jar' (or war, ear...) segment, else the package itself."""
    parts = [p for p in path.replace('\\', '/').replace('!/', '/').split('/') if p]
    archives = [p for p in parts if ARCHIVE.match(p)]
    return archives[-1] if archives else package


def reviewed(file_name, package):
    """{(second field, third field): reason} of a reviewed list's lines for this package."""
    entries = {}
    try:
        with open(os.path.join(REVIEWED, file_name)) as f:
            for line in f:
                fields = line.strip().split(None, 3)
                if len(fields) == 4 and not fields[0].startswith('#') and fields[0] == package:
                    entries[(fields[1], fields[2])] = fields[3]
    except OSError:
        pass
    return entries


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def sbom_counts(path):
    """(jars, jars identified): distinct jar paths among the SBOM's components, and those with a purl."""
    jars, identified = set(), set()
    for c in load(path).get('components', []):
        props = {p.get('name'): p.get('value') for p in c.get('properties', [])}
        where = props.get('releasegates:path') or props.get('releasegates:location') or c.get('name', '')
        if not where.endswith('.jar'):
            continue
        jars.add(where)
        if c.get('purl'):
            identified.add(where)
    return len(jars), len(identified)


def dc_pairs(path, package):
    pairs = set()
    for dep in load(path).get('dependencies', []):
        jar = jar_of(dep.get('filePath') or dep.get('fileName', ''), package)
        for v in dep.get('vulnerabilities', []):
            pairs.add((jar, v['name']))
    return pairs


def our_pairs(path, package):
    pairs, confidence, secrets = set(), {}, []
    for f in load(path).get('findings', []):
        props = f.get('properties', {})
        loc = f.get('location', '')
        if 'advisory' in props or f.get('ruleId', '').startswith(('CVE-', 'GHSA-')):
            pair = (jar_of(loc, package), f['ruleId'])
            pairs.add(pair)
            confidence[pair] = props.get('confidence', '?')
        elif f.get('ruleId', '').startswith('RG-SCAN-SECRET') and '!/' in loc:
            # inside a nested archive (a library jar, a bundled source tarball): third-party content
            secrets.append((f['ruleId'], loc))
    return pairs, confidence, secrets


def times(path):
    try:
        wall, cpu, rss = open(path).read().split()
        return float(wall), float(cpu), int(rss) / 1024
    except (OSError, ValueError):
        return float('nan'), float('nan'), float('nan')


def load_average(path_):
    """'a→b': the 1-minute load average when the measured run started and when it ended, '?' when not recorded."""
    try:
        text = open(path_).read().split()
        return f"{text[0]}→{text[4]}" if len(text) > 4 and text[3] == '->' else '?'
    except OSError:
        return '?'


def summarize(d):
    name = os.path.basename(d.rstrip('/'))
    jars, ident_m2 = sbom_counts(os.path.join(d, 'sbom-m2.json'))
    _, ident_none = sbom_counts(os.path.join(d, 'sbom-nolocal.json'))
    search = os.path.join(d, 'sbom-search.json')
    ident_search = sbom_counts(search)[1] if os.path.exists(search) else '-'
    dc = dc_pairs(os.path.join(d, 'dc.json'), name)
    ours, conf, all_secrets = our_pairs(os.path.join(d, 'rg.json'), name)
    false_positives = reviewed('dc-false-positives.txt', name)
    vendor_defaults = reviewed('third-party-secrets.txt', name)
    # a reviewed location is written from the package root; a finding's location may carry the package's top folder
    def is_default(rule, loc):
        return any(rule == r and (loc == l or loc.endswith('/' + l)) for r, l in vendor_defaults)
    secrets = [f"{r} {l}" for r, l in all_secrets if not is_default(r, l)]
    defaults = [f"{r} {l}" for r, l in all_secrets if is_default(r, l)]
    exit_code = open(os.path.join(d, 'rg.exit')).read().strip() if os.path.exists(os.path.join(d, 'rg.exit')) else '?'
    kind = open(os.path.join(d, 'kind')).read().strip() if os.path.exists(os.path.join(d, 'kind')) else '?'
    return dict(name=name, kind=kind, jars=jars, ident_m2=ident_m2, ident_none=ident_none, ident_search=ident_search, dc=dc, ours=ours,
                conf=conf, secrets=secrets, defaults=defaults, exit=exit_code,
                reviewed={p: r for p, r in false_positives.items() if p in dc - ours}, rg=times(os.path.join(d, 'rg.time')),
                dct=times(os.path.join(d, 'dc.time')), rg_load=load_average(os.path.join(d, 'rg.load')),
                dc_load=load_average(os.path.join(d, 'dc.load')))


def grouped(pairs, label=None):
    """'jar: CVE, CVE' lines, one per jar."""
    by_jar = collections.defaultdict(list)
    for jar, cve in sorted(pairs):
        by_jar[jar].append(cve + (f" ({label(jar, cve)})" if label else ''))
    return [f"{jar}: {' '.join(cves)}" for jar, cves in sorted(by_jar.items())]


def print_one(s):
    missed = s['dc'] - s['ours'] - set(s['reviewed'])
    extra = s['ours'] - s['dc']
    print(f"== {s['name']} ({s['kind']}): {s['jars']} jars, identified {s['ident_m2']} (~/.m2) / "
          f"{s['ident_none']} (no local repository) / {s['ident_search']} (no local repository, "
          f"checksum search); scan exit {s['exit']}")
    print(f"   pairs: dependency-check {len(s['dc'])}, release-gates {len(s['ours'])}, "
          f"both {len(s['dc'] & s['ours'])}, only DC {len(missed)}, only ours {len(extra)}")
    for line in grouped(missed):
        print(f"   only DC:   {line}")
    for (jar, cve), reason in sorted(s['reviewed'].items()):
        print(f"   only DC, reviewed false positive: {jar} {cve}: {reason}")
    for line in grouped(extra, lambda j, c: s['conf'].get((j, c), '?')):
        print(f"   only ours: {line}")
    if s['secrets']:
        print(f"   {len(s['secrets'])} secret findings inside nested (third-party) archives, e.g. {s['secrets'][0]}")
    for finding in s['defaults']:
        print(f"   reviewed vendor default credential: {finding}")
    rw, rc, rr = s['rg']
    dw, dcpu, dr = s['dct']
    print(f"   release-gates {rw:.1f} s wall, {rc:.1f} s CPU, {rr:.0f} MiB (load {s['rg_load']}); dependency-check-maven "
          f"{dw:.1f} s wall, {dcpu:.1f} s CPU, {dr:.0f} MiB (load {s['dc_load']}, from the Dependency-Check cache pass)")


def table(dirs):
    # only packages both tools finished (an interrupted run's last ones are left out)
    rows = [summarize(d) for d in dirs if os.path.exists(os.path.join(d, 'rg.time')) and os.path.exists(os.path.join(d, 'dc.time'))]
    print("| package | kind | jars | identified (~/.m2 / none / search) | DC pairs | ours | missed (+ reviewed DC false "
          "positives) | extra (confidence) | secret alarms in 3rd-party archives (+ reviewed vendor defaults) "
          "| ours wall/CPU s, MiB (load) | DC wall/CPU s, MiB (load; cache pass) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    tot = collections.Counter()
    for s in rows:
        missed = s['dc'] - s['ours'] - set(s['reviewed'])
        extra = s['ours'] - s['dc']
        by_conf = collections.Counter(s['conf'].get(p, '?') for p in extra)
        rw, rc, rr = s['rg']
        dw, dcpu, dr = s['dct']
        print(f"| {s['name']} | {s['kind']} | {s['jars']} | {s['ident_m2']} / {s['ident_none']} / {s['ident_search']} | {len(s['dc'])} "
              f"| {len(s['ours'])} | {len(missed)} (+{len(s['reviewed'])}) | {len(extra)} "
              f"({', '.join(f'{k} {v}' for k, v in sorted(by_conf.items())) or '-'}) | {len(s['secrets'])} (+{len(s['defaults'])}) "
              f"| {rw:.1f}/{rc:.1f}, {rr:.0f} ({s['rg_load']}) | {dw:.1f}/{dcpu:.1f}, {dr:.0f} ({s['dc_load']}) |")
        tot.update(jars=s['jars'], m2=s['ident_m2'], none=s['ident_none'],
                   search=s['ident_search'] if s['ident_search'] != '-' else 0, dc=len(s['dc']), ours=len(s['ours']),
                   missed=len(missed), reviewed=len(s['reviewed']), extra=len(extra), secrets=len(s['secrets']),
                   defaults=len(s['defaults']))
        if all(x == x for x in (rw, rc, dw, dcpu)):  # NaN: a time not recorded; left out of the speed totals
            tot['rw'] += rw; tot['rc'] += rc; tot['dw'] += dw; tot['dcpu'] += dcpu; tot['timed'] += 1
    print(f"| **total ({len(rows)})** | | {tot['jars']} | {tot['m2']} / {tot['none']} / {tot['search']} | {tot['dc']} | {tot['ours']} "
          f"| {tot['missed']} (+{tot['reviewed']}) | {tot['extra']} | {tot['secrets']} (+{tot['defaults']}) "
          f"| {tot['rw']:.0f}/{tot['rc']:.0f} ({tot['timed']} timed) "
          f"| {tot['dw']:.0f}/{tot['dcpu']:.0f} ({tot['timed']} timed) |")
    if tot['rw'] and tot['rc']:
        print(f"\nrelease-gates is {tot['dw'] / tot['rw']:.1f}x faster (wall) and uses {tot['dcpu'] / tot['rc']:.1f}x "
              f"less CPU than dependency-check-maven over the {tot['timed']} packages timed on both sides; recall of DC's pairs "
              f"{(tot['dc'] - tot['missed'] - tot['reviewed']) / max(tot['dc'], 1):.1%} "
              f"({(tot['dc'] - tot['missed']) / max(tot['dc'], 1):.1%} counting the reviewed false positives as found)")


if __name__ == '__main__':
    if sys.argv[1] == '--table':
        table(sys.argv[2:])
    else:
        print_one(summarize(sys.argv[1]))
