#!/usr/bin/env python3
"""Side-by-side comparison of NumPy and npy4j (and JetBrains npy) on the same files, alternately, in one run.

Creates the data once in a RAM-backed directory (/dev/shm when present, else a temp dir), starts ONE long-lived JVM
running org.npy4j.bench.CompareDriver (commands on stdin, answers on stdout; the JVM times each operation itself, so
start-up is excluded), then for every operation runs warm-up rounds and ROUNDS measured rounds, NumPy and Java
alternating (the order flips every round), and prints a markdown table of medians.

Usage: bench/compare.sh [--quick] [--rounds N] [--warmup N] [--small-count N] [--big-mb N] [--json FILE]
"""
import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JAR = os.path.join(ROOT, "npy4j-bench", "target", "benchmarks.jar")


# ---- checksum shared with CompareDriver.checksum ------------------------------------------------------------------

def checksum(a):
    if isinstance(a, (list, tuple)):
        return sum((checksum(x) for x in a), 0.0) if a else 0.0
    if a is None:
        return 0.0
    flat = np.asarray(a).reshape(-1)
    n = flat.size
    if n == 0:
        return 0.0
    m = min(n, 1024)
    s = 0.0
    for i in range(m):
        s += float(flat[int(float(i) * n / m)])
    return s


def close(x, y):
    return x == y or abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


# ---- the Java side --------------------------------------------------------------------------------------------------

class Java:
    def __init__(self, heap):
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
        cmd = [java, "-Xmx" + heap, "-cp", JAR, "org.npy4j.bench.CompareDriver"]
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.banner = self.p.stdout.readline().strip()
        if not self.banner.startswith("ready"):
            raise SystemExit("CompareDriver did not start: " + self.banner)

    def call(self, line):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        ans = self.p.stdout.readline().strip()
        if not ans:
            raise SystemExit("CompareDriver died on: " + line)
        w = ans.split(" ", 3)
        if w[0] == "ok":
            self.cpu = float(w[3]) if len(w) > 3 else 0.0
            return float(w[1]), float(w[2])
        return w[0], (w[1] if len(w) > 1 else "") + (" " + w[2] if len(w) > 2 else "")

    def quit(self):
        try:
            self.p.stdin.write("quit\n")
            self.p.stdin.flush()
            self.p.wait(timeout=30)
        except Exception:
            self.p.kill()


def timed_np(fn, reps=1):
    """Wall and process-CPU seconds per call (CPU: all threads of this process)."""
    c0 = time.process_time()
    t0 = time.perf_counter()
    r = None
    for _ in range(reps):
        r = fn()
    t = (time.perf_counter() - t0) / reps
    timed_np.cpu = (time.process_time() - c0) / reps
    return t, r


# ---- measurement -----------------------------------------------------------------------------------------------------

class Runner:
    def __init__(self, java, rounds, warmup):
        self.java = java
        self.rounds = rounds
        self.warmup = warmup
        self.rows = []
        self.notes = []

    def measure(self, op, size, nbytes, np_fn, java_cmd, jb_cmd=None, reps=1, unit="GB/s", items=None,
                np_check=None, setup=None, own_timer=None, warmup=None):
        """np_fn() -> result (timed in Python); java_cmd / jb_cmd: driver lines (timed in the JVM).
        warmup: warm-up rounds for this operation (default: the run's --warmup)."""
        warm = self.warmup if warmup is None else max(self.warmup, warmup)
        np_times, j_times, jb_times = [], [], []
        np_cpu, j_cpu, jb_cpu = [], [], []
        j_status = jb_status = None
        j_sum = jb_sum = None
        np_res = None
        for r in range(warm + self.rounds):
            order = ["np", "j", "jb"] if r % 2 == 0 else ["jb", "j", "np"]
            for who in order:
                if setup:
                    setup(who)
                if who == "np":
                    gc.collect()
                    if own_timer is not None:
                        own_timer.t = own_timer.c = 0.0
                        np_fn()
                        t, res = own_timer.t / reps, None
                        timed_np.cpu = own_timer.c / reps
                    else:
                        t, res = timed_np(np_fn, reps)
                    if r >= warm:
                        np_times.append(t)
                        np_cpu.append(timed_np.cpu)
                    np_res = res
                elif who == "j" and java_cmd and j_status is None:
                    t, c = self.java.call(java_cmd)
                    if isinstance(t, str):
                        j_status = t + ": " + c
                    elif r >= warm:
                        j_times.append(t)
                        j_cpu.append(self.java.cpu)
                        j_sum = c
                elif who == "jb" and jb_cmd and jb_status is None:
                    t, c = self.java.call(jb_cmd)
                    if isinstance(t, str):
                        jb_status = t + ": " + c
                    elif r >= warm:
                        jb_times.append(t)
                        jb_cpu.append(self.java.cpu)
                        jb_sum = c
            if who != "np":
                pass
        expect = np_check if np_check is not None else (checksum(np_res) if np_res is not None else None)
        for name, s in (("npy4j", j_sum), ("JetBrains", jb_sum)):
            if s is not None and expect is not None and expect != 0 and not close(s, expect):
                self.notes.append("CHECKSUM MISMATCH %s %s %s: Java %r, NumPy %r" % (name, op, size, s, expect))
        row = dict(op=op, size=size, bytes=nbytes, unit=unit, items=items,
                   numpy=statistics.median(np_times) if np_times else None,
                   npy4j=statistics.median(j_times) if j_times else None,
                   jetbrains=statistics.median(jb_times) if jb_times else None,
                   npy4j_status=j_status, jetbrains_status=jb_status if jb_cmd else "unsupported",
                   numpy_cpu=med(np_cpu), npy4j_cpu=med(j_cpu), jetbrains_cpu=med(jb_cpu),
                   npy4j_all=j_times, numpy_all=np_times, jetbrains_all=jb_times)
        self.rows.append(row)
        sys.stderr.write("  %-34s %-16s numpy %s  npy4j %s  jb %s\n" % (
            op, size, fmt_t(row["numpy"]), fmt_t(row["npy4j"]) if row["npy4j"] else j_status,
            fmt_t(row["jetbrains"]) if row["jetbrains"] else (jb_status or "-")))
        return row


def med(xs):
    return statistics.median(xs) if xs else None


def fmt_t(t):
    if t is None:
        return "-"
    return "%.2f ms" % (t * 1e3) if t < 1 else "%.2f s" % t


def rate(row, t):
    if t is None:
        return None
    if row["unit"] == "GB/s":
        return row["bytes"] / t / 1e9
    if row["unit"] == "files/s":
        return row["items"] / t
    if row["unit"] == "opens/s":
        return 1.0 / t
    return row["bytes"] / t / 1e6


def fmt_rate(row, t, status=None):
    if t is None:
        if status and status.startswith("na"):
            return "n/a (not implemented yet)"
        if status == "unsupported":
            return "—"
        return ("failed: " + status[:60]) if status else "—"
    v = rate(row, t)
    if row["unit"] == "GB/s":
        s = "%.2f GB/s" % v
    elif row["unit"] == "files/s":
        s = "%.0f files/s" % v
    elif row["unit"] == "opens/s":
        s = "%.1f µs/open" % (t * 1e6)
    else:
        s = "%.1f MB/s" % v
    return s + " (%s)" % fmt_t(t)


def table(rows, memcpy):
    out = ["| operation | size | NumPy | npy4j | npy4j / NumPy | same, CPU time | npy4j / memcpy | JetBrains npy"
           " | npy4j / JetBrains (CPU) |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = "%.2f×" % (r["numpy"] / r["npy4j"]) if r["numpy"] and r["npy4j"] else "—"
        cratio = ("%.2f×" % (r["numpy_cpu"] / r["npy4j_cpu"])
                  if r["numpy_cpu"] and r["npy4j_cpu"] and r["npy4j"] else "—")
        ceil = ("%.0f %%" % (100 * rate(r, r["npy4j"]) / memcpy)
                if r["npy4j"] and r["unit"] == "GB/s" and memcpy else "—")
        jb = "%.2f×" % (r["jetbrains"] / r["npy4j"]) if r["jetbrains"] and r["npy4j"] else "—"
        if r["jetbrains_cpu"] and r["npy4j_cpu"] and r["jetbrains"] and r["npy4j"]:
            jb += " (%.2f×)" % (r["jetbrains_cpu"] / r["npy4j_cpu"])
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["op"], r["size"], fmt_rate(r, r["numpy"]), fmt_rate(r, r["npy4j"], r["npy4j_status"]), ratio, cratio,
            ceil,
            fmt_rate(r, r["jetbrains"], r["jetbrains_status"]), jb))
    return "\n".join(out)


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = "%.1f GiB" % (int(f.readline().split()[1]) / 1024 / 1024)
    except OSError:
        pass
    return dict(nproc=os.cpu_count(), cpu=model, memory=mem, python=platform.python_version(), numpy=np.__version__)


# ---- main ------------------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes, 3 rounds: a smoke test of the instrument")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--big-mb", type=int, default=512, help="size of the large float64 array in MiB")
    ap.add_argument("--small-count", type=int, default=10000, help="number of 3x64x64 float32 files (issue: 100000)")
    ap.add_argument("--heap", default="6g")
    ap.add_argument("--json", help="also write raw results here")
    ap.add_argument("--only", help="comma-separated operation groups: memcpy,npy,be,small,npz,text,map"
                    " (heap: peak heap by -Xmx search in fresh JVMs, only when asked for)")
    a = ap.parse_args()
    if a.quick:
        a.rounds, a.warmup, a.big_mb, a.small_count = 3, 1, 16, 500
    groups = set((a.only or "memcpy,npy,be,small,npz,text,map").split(","))

    load_start = os.getloadavg()
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    d = tempfile.mkdtemp(prefix="npy4j-bench-", dir=base)
    sys.stderr.write("data in %s\n" % d)
    java = Java(a.heap)
    heap_rows = []
    sys.stderr.write(java.banner + "\n")
    run = Runner(java, a.rounds, a.warmup)
    p = lambda *n: os.path.join(d, *n)
    rng = np.random.default_rng(7)
    memcpy_rate = None
    try:
        big_n = a.big_mb * 1024 * 1024 // 8
        big_label = "%d MiB" % a.big_mb

        if "memcpy" in groups:
            src = np.ones(big_n, dtype=np.float64)
            dst = np.empty_like(src)
            np.copyto(dst, src)
            r = run.measure("memcpy (np.copyto / System.arraycopy)", big_label, src.nbytes,
                            lambda: np.copyto(dst, src), "memcpy %d 1" % src.nbytes, np_check=0)
            memcpy_rate = max(rate(r, r["numpy"]), rate(r, r["npy4j"]) if r["npy4j"] else 0)
            del src, dst

        if "npy" in groups or "be" in groups:
            cases = [("<f8", big_n, big_label, 1), ("<f8", 8 * 1024 * 1024, "64 MiB", 1),
                     ("<f4", 16 * 1024 * 1024, "64 MiB", 1), ("<i4", 16 * 1024 * 1024, "64 MiB", 1),
                     ("<i8", 8 * 1024 * 1024, "64 MiB", 1), ("<f8", 128 * 1024, "1 MiB", 100)]
            if a.quick:
                cases = [("<f8", big_n, big_label, 1), ("<f4", big_n, big_label, 1), ("<f8", 128 * 1024, "1 MiB", 5)]
            if "npy" not in groups:
                cases = cases[:1]
            for dt, n, label, reps in cases:
                arr = (rng.random(n) if dt[1] == "f" else rng.integers(-2**31, 2**31, n)).astype(dt)
                f = p("load_%s_%d.npy" % (dt[1:], n))
                np.save(f, arr)
                del arr
                gc.collect()
                tag = "%s %s" % (dt, label)
                if "npy" in groups:
                    run.measure(".npy load → NdArray / ndarray", tag, os.path.getsize(f),
                                lambda: np.load(f), "load %s %d" % (f, reps), "load_jb %s %d" % (f, reps), reps=reps)
                    run.measure(".npy load → Java array (loadXxxArray)", tag, os.path.getsize(f),
                                lambda: np.load(f), "load_java %s %d" % (f, reps), reps=reps)
                    # save: both sides hold the same array in memory, untimed
                    keep = np.load(f)
                    java.call("keep s %s" % f)
                    out_np, out_j, out_jb = p("save_np.npy"), p("save_j4.npy"), p("save_jb.npy")
                    def save_np():
                        # like the Java side: the target never exists when a save starts (removal untimed)
                        for _ in range(reps):
                            if os.path.exists(out_np):
                                os.remove(out_np)
                            t0 = time.perf_counter()
                            c0 = time.process_time()
                            np.save(out_np, keep)
                            save_np.t += time.perf_counter() - t0
                            save_np.c += time.process_time() - c0

                    run.measure(".npy save from NdArray / ndarray", tag, keep.nbytes, save_np,
                                "save s %s %d" % (out_j, reps), np_check=0, reps=reps, own_timer=save_np)
                    same = os.path.exists(out_j) and open(out_np, "rb").read() == open(out_j, "rb").read()
                    run.notes.append("save %s: npy4j output %s np.save's byte for byte" % (
                        tag, "equals" if same else "DIFFERS FROM"))
                    run.measure(".npy save from Java array", tag, keep.nbytes, save_np,
                                "save_java s %s %d" % (out_j, reps), "save_jb s %s %d" % (out_jb, reps), np_check=0,
                                reps=reps, own_timer=save_np)
                    java.call("drop s")
                    del keep
                    for x in (out_np, out_j, out_jb):
                        if os.path.exists(x):
                            os.remove(x)
                if dt == "<f8" and n == big_n and "be" in groups:
                    fb = p("load_be_%d.npy" % n)
                    np.save(fb, np.load(f).astype(">f8"))
                    gc.collect()
                    run.measure(".npy load big-endian → NdArray", ">f8 " + label, os.path.getsize(fb),
                                lambda: np.load(fb), "load %s 1" % fb)
                    run.measure(".npy load big-endian → double[]", ">f8 " + label, os.path.getsize(fb),
                                lambda: np.load(fb).astype("<f8"), "load_java %s 1" % fb)
                    os.remove(fb)
                java.call("gc")
                os.remove(f)

        if "small" in groups:
            cnt = a.small_count
            sm = rng.random((3, 64, 64)).astype("<f4")
            fs = p("small.npy")
            np.save(fs, sm)
            java.call("keep sm %s" % fs)
            dn, dj, djb = p("small_np"), p("small_j4"), p("small_jb")
            for x in (dn, dj, djb):
                os.makedirs(x, exist_ok=True)
            label = "%d × 3×64×64 <f4" % cnt

            def save_many():
                for i in range(cnt):
                    np.save(os.path.join(dn, "%d.npy" % i), sm)

            def load_many():
                last = None
                for i in range(cnt):
                    last = np.load(os.path.join(dn, "%d.npy" % i))
                return last

            run.measure("many small .npy: save each", label, sm.nbytes * cnt, save_many,
                        "many_save sm %s %d" % (dj, cnt), "many_save_jb sm %s %d" % (djb, cnt), unit="files/s",
                        items=cnt, np_check=0)
            run.measure("many small .npy: load each", label, sm.nbytes * cnt, load_many,
                        "many_load %s %d" % (dn, cnt), "many_load_jb %s %d" % (dn, cnt), unit="files/s", items=cnt)
            for x in (dn, dj, djb):
                shutil.rmtree(x, ignore_errors=True)
            java.call("drop sm")

        if "npz" in groups:
            scale = 1 if not a.quick else 8
            za = rng.random(8 * 1024 * 1024 // scale)                     # 64 MiB float64
            zb = rng.integers(0, 1000, 4 * 1024 * 1024 // scale).astype("<i4")  # 16 MiB int32
            np.save(p("za.npy"), za)
            np.save(p("zb.npy"), zb)
            java.call("keep za %s" % p("za.npy"))
            java.call("keep zb %s" % p("zb.npy"))
            nb = za.nbytes + zb.nbytes
            lab = "%d MiB f8 + %d MiB i4" % (za.nbytes >> 20, zb.nbytes >> 20)
            out_np, out_j, out_jb = p("z_np.npz"), p("z_j4.npz"), p("z_jb.npz")
            run.measure("savez (stored)", lab, nb, lambda: np.savez(out_np, za=za, zb=zb),
                        "npz_save %s za zb" % out_j, "npz_save_jb %s za zb" % out_jb, np_check=0)
            run.measure("npz stored load (all members)", lab, nb, lambda: load_npz(out_np),
                        "npz_load %s 1" % out_np, "npz_load_jb %s 1" % out_np)
            # compressed: random float32 (incompressible) and sparse float64
            zr = rng.random(4 * 1024 * 1024 // scale).astype("<f4")       # 16 MiB
            zs = np.zeros(8 * 1024 * 1024 // scale)                        # 64 MiB, 5 % nonzero
            idx = rng.choice(zs.size, zs.size // 20, replace=False)
            zs[idx] = rng.random(idx.size)
            np.save(p("zr.npy"), zr)
            np.save(p("zs.npy"), zs)
            java.call("keep zr %s" % p("zr.npy"))
            java.call("keep zs %s" % p("zs.npy"))
            for name, arr, slot in (("random <f4 %d MiB" % (zr.nbytes >> 20), zr, "zr"),
                                    ("sparse <f8 %d MiB" % (zs.nbytes >> 20), zs, "zs")):
                cnp, cj, cjb = p("c_np.npz"), p("c_j4.npz"), p("c_jb.npz")
                run.measure("savez_compressed", name, arr.nbytes,
                            lambda: np.savez_compressed(cnp, x=arr), "npz_savec %s x=%s" % (cj, slot), "npz_savec_jb %s x=%s" % (cjb, slot), np_check=0,
                            unit="MB/s")
                if os.path.exists(cj):
                    sn, sj = os.path.getsize(cnp), os.path.getsize(cj)
                    run.notes.append("savez_compressed %s: npy4j %d bytes vs NumPy %d bytes (%+.2f %%)" % (
                        name, sj, sn, 100.0 * (sj - sn) / sn))
                run.measure("npz compressed load", name, arr.nbytes, lambda: load_npz(cnp),
                            "npz_load %s 1" % cnp, "npz_load_jb %s 1" % cnp, unit="MB/s")
            for s in ("za", "zb", "zr", "zs"):
                java.call("drop " + s)
            java.call("gc")

        if "text" in groups:
            tn = 1000 if not a.quick else 200
            t = rng.random((tn, tn))
            ft = p("t.npy")
            np.save(ft, t)
            java.call("keep t %s" % ft)
            tnp, tj = p("t_np.txt"), p("t_j4.txt")
            lab = "%d×%d <f8" % (tn, tn)
            run.measure("savetxt", lab, t.nbytes, lambda: np.savetxt(tnp, t), "savetxt t %s" % tj, np_check=0,
                        unit="MB/s")
            if os.path.exists(tj):
                run.notes.append("savetxt %s: npy4j output %s np.savetxt's byte for byte" % (
                    lab, "equals" if open(tnp, "rb").read() == open(tj, "rb").read() else "DIFFERS FROM"))
            run.measure("loadtxt", lab, t.nbytes, lambda: np.loadtxt(tnp), "loadtxt %s" % tnp, unit="MB/s")
            java.call("drop t")

        if "map" in groups:
            fm = p("sparse100g.npy")
            n = 100 * 10**9 // 8
            hdr = np.lib.format.open_memmap(fm, mode="w+", dtype="<f8", shape=(n,))
            del hdr
            gc.collect()

            def np_map():
                m = np.load(fm, mmap_mode="r")
                v = float(m[0]) + float(m[-1])
                del m
                return v

            run.measure("mmap open 100 GB sparse .npy (+2 reads, close)", "%.0f GB <f8" % (n * 8 / 1e9), 0, np_map,
                        "map %s 20" % fm, unit="opens/s", reps=20, np_check=0,
                        # an open is ~50 us of JVM code: 30 warm-up rounds (600 opens) let the JIT compile it, as
                        # a program opening many files would; a cold JVM's first opens take ~0.5 ms
                        warmup=30)
            os.remove(fm)

        if "heap" in groups:
            heap_rows = heap_group(a, p, rng, big_n, big_label)
    finally:
        java.quit()
        shutil.rmtree(d, ignore_errors=True)

    m = machine()
    m["heap"] = heap_rows
    m["loadavg_end"] = os.getloadavg()
    m["loadavg_start"] = load_start
    print("Machine: %d cores, %s, %s RAM; %s; Python %s, NumPy %s" % (
        m["nproc"], m["cpu"], m["memory"], java.banner.split(" ")[1] if " " in java.banner else "?",
        m["python"], m["numpy"]))
    print("Load average at start %.1f, at end %.1f (other processes competing for the %d cores)." % (
        load_start[0], m["loadavg_end"][0], m["nproc"]))
    print("Data in RAM-backed %s; %d warm-up + %d measured rounds, NumPy and npy4j alternating; medians.%s" % (
        "/dev/shm" if base else "temp dir", a.warmup, a.rounds,
        " Java arrays: %s." % java.banner.split("export=")[-1]))
    if memcpy_rate:
        print("memcpy ceiling: %.2f GB/s (the faster of np.copyto and System.arraycopy)" % memcpy_rate)
    print()
    print(table(run.rows, memcpy_rate))
    if run.notes:
        print()
        for n in run.notes:
            print("- " + n)
    if heap_rows:
        print()
        print(heap_table(heap_rows))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(machine=m, java=java.banner, memcpy=memcpy_rate, rows=run.rows, notes=run.notes), f,
                      indent=1)


# ---- peak heap (group "heap") -----------------------------------------------------------------------------------------

def child_ok(xmx_mib, command):
    """Runs one driver command in a fresh JVM with -Xmx<xmx_mib>m; returns (succeeded, answer line)."""
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    try:
        r = subprocess.run([java, "-Xmx%dm" % xmx_mib, "-cp", JAR, "org.npy4j.bench.CompareDriver"],
                           input=command + "\nquit\n", capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return False, "timeout"
    lines = r.stdout.splitlines()
    ans = lines[1].strip() if len(lines) > 1 else (r.stderr.strip().splitlines() or ["no answer"])[-1]
    return ans.startswith("ok"), ans


def least_xmx(command, hi_mib, step_mib=4):
    """The smallest -Xmx (MiB, to step_mib) with which a fresh JVM runs command; None if hi_mib fails too."""
    ok, ans = child_ok(hi_mib, command)
    if not ok:
        return None, ans
    lo, hi, good = 4, hi_mib, ans  # -Xmx4m never starts the driver
    while hi - lo > step_mib:
        mid = (lo + hi) // 2
        ok, ans = child_ok(mid, command)
        if ok:
            hi, good = mid, ans
        else:
            lo = mid
    return hi, good


def heap_group(a, p, rng, big_n, big_label):
    """Peak heap of loading and mapping an N-byte array, as the smallest -Xmx a fresh JVM needs (issue 7's target:
    at most N + 64 MB for a load, O(1) for a map). Each probe is one JVM start + one operation."""
    rows = []
    f = p("heap.npy")
    arr = rng.random(big_n)
    np.save(f, arr)
    np.savez(p("heap_stored.npz"), x=arr)
    want = checksum(arr)
    del arr
    c = (np.arange(big_n) % 1000).astype("<f8")  # compressible, so that zlib takes seconds, not minutes
    np.savez_compressed(p("heap_deflated.npz"), x=c)
    want_c = checksum(c)
    del c
    gc.collect()
    nbytes = big_n * 8
    fm = p("heap_sparse100g.npy")
    hdr = np.lib.format.open_memmap(fm, mode="w+", dtype="<f8", shape=(100 * 10**9 // 8,))
    del hdr
    mib = nbytes >> 20
    cases = [("JVM + driver alone (baseline)", "gc", 0, None),
             ("Npy.load .npy", "load %s 1" % f, nbytes, want),
             ("NpzFile.get stored member", "npz_get %s x 1" % p("heap_stored.npz"), nbytes, want),
             ("NpzFile.get deflated member", "npz_get %s x 1" % p("heap_deflated.npz"), nbytes, want_c),
             ("Npy.map .npy (+2 reads, close)", "map %s 1" % f, nbytes, None),
             ("Npy.map 100 GB sparse .npy (+2 reads, close)", "map %s 1" % fm, 100 * 10**9, None)]
    for op, cmd, n, expect in cases:
        t0 = time.perf_counter()
        hi = mib + 512 if cmd.startswith(("load", "npz_get")) else 256
        x, ans = least_xmx(cmd, hi)
        w = ans.split(" ")
        if x is not None and expect is not None and not close(float(w[2]), expect):
            ans, x = "wrong checksum " + w[2], None
        rows.append(dict(op=op, size=(big_label + " <f8") if n == nbytes else ("100 GB <f8" if n else "—"),
                         bytes=n, xmx_mib=x, answer=ans, loads=cmd.startswith(("load", "npz_get"))))
        sys.stderr.write("  heap %-44s -Xmx %s MiB (%.0f s)\n" % (op, x, time.perf_counter() - t0))
    os.remove(fm)
    return rows


def heap_table(rows):
    base = rows[0]["xmx_mib"] if rows and rows[0]["op"].startswith("JVM") else None
    out = ["Peak heap: the smallest -Xmx (4 MiB steps) with which a fresh JVM runs the operation once (G1, defaults).",
           "",
           "| operation | size | smallest -Xmx | -Xmx − N | target | verdict |", "|---|---|---|---|---|---|"]
    for r in rows:
        x = r["xmx_mib"]
        if x is None:
            out.append("| %s | %s | failed: %s | — | — | — |" % (r["op"], r["size"], r["answer"][:60]))
            continue
        n_mib = r["bytes"] / 2**20
        if r["loads"]:
            over = x - n_mib
            target, ok = "≤ N + 64 MB (%d MiB)" % (n_mib + 61), over <= 61  # 64 MB = 61.0 MiB
            out.append("| %s | %s | %d MiB | %+d MiB | %s | %s |" % (r["op"], r["size"], x, over, target,
                                                                     "met" if ok else "**missed**"))
        elif r["bytes"]:
            out.append("| %s | %s | %d MiB | — | O(1): as the baseline (%s MiB) | %s |" % (
                r["op"], r["size"], x, base, "met" if base is not None and x <= base + 8 else "**check**"))
        else:
            out.append("| %s | — | %d MiB | — | — | — |" % (r["op"], x))
    return "\n".join(out)


def load_npz(path):
    with np.load(path) as z:
        return [z[k] for k in z.files]


if __name__ == "__main__":
    main()
