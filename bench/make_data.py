#!/usr/bin/env python3
"""Generates the benchmark inputs with `pumpwatch simulate`, once per size (kept under bench/.data/).

Writes, under --out:
  cloudtrail/   CloudTrail NDJSON, one file per simulated day (about --size-mb in all)
  falcon/       Falcon NDJSON, one file per simulated day (about as much)
  cloudtrail-records.json.gz   the same CloudTrail as one {"Records": [...]} document, gzip level 6
  manifest.json sizes and record counts
Other sources the simulator writes are removed. The scale is chosen from a small probe run.
"""
import argparse, gzip, json, os, shutil, subprocess, sys, tempfile, time

def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)

def count_lines(path):
    n = 0
    for d, _, fs in os.walk(path):
        for f in sorted(fs):
            with open(os.path.join(d, f), "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 24), b""):
                    n += chunk.count(b"\n")
    return n

def simulate(pumpwatch, out, scale):
    subprocess.run([pumpwatch, "simulate", "all", "--out", out, "--scale", str(scale), "--format", "ndjson"],
                   check=True, stdout=subprocess.DEVNULL)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pumpwatch", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-mb", type=int, required=True)
    a = ap.parse_args()
    manifest_path = os.path.join(a.out, "manifest.json")
    if os.path.exists(manifest_path):
        print(f"benchmark data: using {a.out}")
        return
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    started = time.time()
    # Probe the bytes per unit of scale, then generate at the scale that gives the size asked for.
    with tempfile.TemporaryDirectory(dir=os.path.dirname(a.out)) as probe:
        simulate(a.pumpwatch, os.path.join(probe, "sim"), 2)
        per_unit = dir_bytes(os.path.join(probe, "sim", "cloudtrail")) / 2
    scale = max(0.05, round(a.size_mb * (1 << 20) / per_unit, 2))
    print(f"benchmark data: simulating at scale {scale} for about {a.size_mb} MB of CloudTrail...")
    work = a.out + ".partial"
    shutil.rmtree(work, ignore_errors=True)
    simulate(a.pumpwatch, os.path.join(work, "sim"), scale)
    for source in ("cloudtrail", "falcon"):
        os.rename(os.path.join(work, "sim", source), os.path.join(work, source))
    shutil.rmtree(os.path.join(work, "sim"))

    # The same CloudTrail records as one {"Records": [...]} document, compressed.
    gz = os.path.join(work, "cloudtrail-records.json.gz")
    print("benchmark data: writing the {\"Records\"} .json.gz...")
    raw = 0
    with gzip.open(gz, "wb", compresslevel=6) as out:
        out.write(b'{"Records":[')
        raw += 12
        first = True
        for name in sorted(os.listdir(os.path.join(work, "cloudtrail"))):
            with open(os.path.join(work, "cloudtrail", name), "rb") as fh:
                for line in fh:
                    line = line.strip()
                    if not line:
                        continue
                    if not first:
                        out.write(b",")
                        raw += 1
                    out.write(line)
                    raw += len(line)
                    first = False
        out.write(b"]}")
        raw += 2

    manifest = {
        "scale": scale,
        "cloudtrail_bytes": dir_bytes(os.path.join(work, "cloudtrail")),
        "cloudtrail_events": count_lines(os.path.join(work, "cloudtrail")),
        "falcon_bytes": dir_bytes(os.path.join(work, "falcon")),
        "falcon_events": count_lines(os.path.join(work, "falcon")),
        "records_gz_bytes": os.path.getsize(gz),
        "records_gz_uncompressed_bytes": raw,
    }
    with open(os.path.join(work, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=2)
    os.rename(work, a.out)
    print(f"benchmark data: ready in {time.time() - started:.0f} s: {json.dumps(manifest)}")

if __name__ == "__main__":
    sys.exit(main())
