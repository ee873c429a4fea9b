#!/usr/bin/env python3
"""Solve the Curtois–Qu instances with OR-Tools CP-SAT and compare with lichtruc.

A reference point for the benchmark, never part of the product: it reads the
same instance files as `cargo run --release --example bench`, models the same
hard rules and the same objective (as defined in shared/bench/README.md), runs
CP-SAT with the same number of workers as the machine gives lichtruc and the
same time limit, and prints a side-by-side table with lichtruc's results read
from the bench CSV.

    pip install ortools
    python3 scripts/cpsat_compare.py --instances 1-10 --time-limit 30 \
        --lichtruc-csv bench-results/microlp-30s.csv \
        --out bench-results/cpsat-30s.csv --markdown bench-results/cpsat-vs-lichtruc-30s.md
"""

import argparse
import csv
import os
import sys
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.environ.get(
    "LICHTRUC_CURTOIS_DIR", os.path.normpath(os.path.join(HERE, "..", "..", "shared", "bench", "curtois"))
)


@dataclass
class Employee:
    id: str
    max_shifts: dict
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int
    days_off: set = field(default_factory=set)


@dataclass
class Instance:
    name: str
    horizon: int
    shifts: list  # [(id, minutes, [ids that cannot follow])]
    staff: list
    on_requests: list  # (employee index, day, shift index, weight)
    off_requests: list
    cover: list  # (day, shift index, requirement, under, over)


def parse(path):
    """Reads the benchmark text format (see shared/bench/README.md)."""
    sections, current = {}, None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if line.startswith("#"):
                continue
            if not line:
                current = None
                continue
            if line.startswith("SECTION_"):
                current = sections.setdefault(line, [])
                continue
            if current is None:
                raise ValueError(f"{path}: data outside a section: {line!r}")
            current.append(line)
    horizon = int(sections["SECTION_HORIZON"][0])
    shifts = []
    for line in sections["SECTION_SHIFTS"]:
        parts = line.split(",")
        follow = [s for s in (parts[2].split("|") if len(parts) > 2 else []) if s.strip()]
        shifts.append((parts[0].strip(), int(parts[1]), [s.strip() for s in follow]))
    shift_index = {s[0]: i for i, s in enumerate(shifts)}
    staff = []
    for line in sections["SECTION_STAFF"]:
        p = [x.strip() for x in line.split(",")]
        max_shifts = {}
        for part in filter(None, p[1].split("|")):
            sid, n = part.split("=")
            max_shifts[shift_index[sid.strip()]] = int(n)
        staff.append(Employee(p[0], max_shifts, *map(int, p[2:8])))
    staff_index = {e.id: i for i, e in enumerate(staff)}
    for line in sections.get("SECTION_DAYS_OFF", []):
        p = [x.strip() for x in line.split(",")]
        staff[staff_index[p[0]]].days_off.update(int(d) for d in p[1:] if d)

    def requests(key):
        out = []
        for line in sections.get(key, []):
            e, d, s, w = [x.strip() for x in line.split(",")]
            out.append((staff_index[e], int(d), shift_index[s], int(w)))
        return out

    cover = []
    for line in sections.get("SECTION_COVER", []):
        d, s, req, under, over = [x.strip() for x in line.split(",")]
        cover.append((int(d), shift_index[s], int(req), int(under), int(over)))
    name = os.path.splitext(os.path.basename(path))[0]
    return Instance(name, horizon, shifts, staff, requests("SECTION_SHIFT_ON_REQUESTS"),
                    requests("SECTION_SHIFT_OFF_REQUESTS"), cover)


def solve(inst, time_limit, workers):
    """Builds and solves the CP-SAT model; returns a result dict."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    H, T = inst.horizon, len(inst.shifts)
    shift_index = {s[0]: i for i, s in enumerate(inst.shifts)}
    x = {}
    for e, emp in enumerate(inst.staff):
        for d in range(H):
            for t in range(T):
                if d in emp.days_off or emp.max_shifts.get(t, H) == 0:
                    continue
                x[e, d, t] = m.NewBoolVar(f"x{e}_{d}_{t}")
    zero = 0

    def work(e, d):
        return sum(x[e, d, t] for t in range(T) if (e, d, t) in x)

    for e, emp in enumerate(inst.staff):
        w = []
        for d in range(H):
            on = [x[e, d, t] for t in range(T) if (e, d, t) in x]
            # At most one shift a day.
            if len(on) > 1:
                m.AddAtMostOne(on)
            w.append(sum(on) if on else zero)
        # Forbidden successions.
        for a, (_, _, follow) in enumerate(inst.shifts):
            for sid in follow:
                b = shift_index[sid]
                for d in range(H - 1):
                    if (e, d, a) in x and (e, d + 1, b) in x:
                        m.AddBoolOr([x[e, d, a].Not(), x[e, d + 1, b].Not()])
        # Max shifts per type.
        for t in range(T):
            n = emp.max_shifts.get(t, H)
            vs = [x[e, d, t] for d in range(H) if (e, d, t) in x]
            if len(vs) > n:
                m.Add(sum(vs) <= n)
        # Total minutes.
        minutes = sum(inst.shifts[t][1] * x[e, d, t] for d in range(H) for t in range(T) if (e, d, t) in x)
        m.Add(minutes <= emp.max_minutes)
        if emp.min_minutes > 0:
            m.Add(minutes >= emp.min_minutes)
        # Max consecutive shifts: any window of max + 1 days has a day off.
        k = emp.max_consecutive
        for d in range(H - k):
            m.Add(sum(w[d:d + k + 1]) <= k)
        # Min consecutive shifts: a run starting on day d > 0 lasts min days
        # unless it reaches the last day.
        for d in range(1, H):
            for j in range(1, emp.min_consecutive):
                if d + j < H:
                    m.Add(w[d] - w[d - 1] - w[d + j] <= 0)
        # Min consecutive days off, likewise.
        for d in range(1, H):
            for j in range(1, emp.min_days_off):
                if d + j < H:
                    m.Add(w[d - 1] - w[d] + w[d + j] <= 1)
        # Max weekends (Saturday = day 7k + 5, Sunday = 7k + 6).
        weekends = []
        for k7 in range(H // 7):
            days = [w[7 * k7 + 5], w[7 * k7 + 6]]
            wk = m.NewBoolVar(f"wk{e}_{k7}")
            for dv in days:
                m.Add(wk >= dv)
            weekends.append(wk)
        if len(weekends) > emp.max_weekends:
            m.Add(sum(weekends) <= emp.max_weekends)
    # Objective.
    terms = []
    for d, t, req, under, over in inst.cover:
        have = sum(x[e, d, t] for e in range(len(inst.staff)) if (e, d, t) in x)
        n = len(inst.staff)
        u = m.NewIntVar(0, req, f"u{d}_{t}")
        o = m.NewIntVar(0, n, f"o{d}_{t}")
        m.Add(have + u - o == req)
        terms += [under * u, over * o]
    for e, d, t, wgt in inst.on_requests:
        terms.append(wgt * (1 - x[e, d, t]) if (e, d, t) in x else wgt)
    for e, d, t, wgt in inst.off_requests:
        if (e, d, t) in x:
            terms.append(wgt * x[e, d, t])
    m.Minimize(sum(terms))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = workers
    started = time.monotonic()
    status = solver.Solve(m)
    elapsed = time.monotonic() - started
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return {
        "instance": inst.name,
        "staff": len(inst.staff),
        "days": H,
        "shift_types": T,
        "status": solver.StatusName(status).lower(),
        "objective": int(round(solver.ObjectiveValue())) if found else "",
        "bound": int(round(solver.BestObjectiveBound())) if found else "",
        "time_s": round(elapsed, 2),
        "time_limit_s": time_limit,
        "workers": workers,
    }


def read_known(directory):
    out = {}
    path = os.path.join(directory, "best_known.csv")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out[row["instance"]] = (int(row["best_known"]), int(row["lower_bound"]))
    return out


def read_lichtruc(path):
    """lichtruc's rows by instance: a list, one per run (`bench --runs N`)."""
    out = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row.get("family") == "curtois":
                    out.setdefault(row["instance"], []).append(row)
    return out


def runs_cells(runs, best):
    """Objective, seconds, optimal and gap cells of lichtruc's runs: one
    run as it is; several as every objective, the longest time, how many
    proven, and the gaps of the best and the worst run."""
    values = [r["curtois_objective"] for r in runs if r.get("curtois_objective")]
    times = [float(r["time_s"]) for r in runs if r.get("time_s")]
    if len(runs) <= 1:
        lobj = values[0] if values else ""
        optimal = runs[0].get("optimal", "—") if runs else "—"
        return [lobj or "—", f"{times[0]:.1f}" if times else "—", optimal, gap(lobj, best)]
    proven = sum(1 for r in runs if r.get("optimal") == "true")
    ordered = sorted(values, key=float)
    gaps = f"{gap(ordered[0], best)} to {gap(ordered[-1], best)}" if ordered else "—"
    return [", ".join(values) or "—", f"{max(times):.1f}" if times else "—", f"{proven} of {len(runs)}", gaps]


def gap(value, reference):
    if value in ("", None) or not reference:
        return "—"
    return f"{100.0 * (float(value) - reference) / reference:.1f}"


def table(results, known, lichtruc):
    header = ["instance", "staff×days×types", "best known", "LB", "lichtruc obj", "lichtruc s", "lichtruc optimal",
              "lichtruc gap %", "CP-SAT obj", "CP-SAT bound", "CP-SAT status", "CP-SAT s", "CP-SAT gap %"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in results:
        best, lb = known.get(r["instance"], (None, None))
        lines.append("| " + " | ".join(str(c) for c in [
            r["instance"], f"{r['staff']}×{r['days']}×{r['shift_types']}", best if best is not None else "—",
            lb if lb is not None else "—", *runs_cells(lichtruc.get(r["instance"], []), best),
            r["objective"] if r["objective"] != "" else "—", r["bound"] if r["bound"] != "" else "—",
            r["status"], f"{r['time_s']:.1f}", gap(r["objective"], best),
        ]) + " |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=DEFAULT_DIR, help="folder with Instance*.txt and best_known.csv")
    ap.add_argument("--instances", default="1-10", help="N or N-M (default 1-10)")
    ap.add_argument("--time-limit", type=float, default=30.0, help="seconds per instance (default 30)")
    ap.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2, the machine's cores)")
    ap.add_argument("--lichtruc-csv", help="the CSV written by `cargo run --release --example bench -- --csv FILE`")
    ap.add_argument("--out", help="write CP-SAT results as CSV here")
    ap.add_argument("--markdown", help="write the side-by-side table here")
    args = ap.parse_args()
    a, _, b = args.instances.partition("-")
    numbers = range(int(a), int(b or a) + 1)
    known = read_known(args.dir)
    lichtruc = read_lichtruc(args.lichtruc_csv)
    results = []
    writer = None
    out = open(args.out, "w", newline="", encoding="utf-8") if args.out else None
    for n in numbers:
        path = os.path.join(args.dir, f"Instance{n}.txt")
        inst = parse(path)
        r = solve(inst, args.time_limit, args.workers)
        results.append(r)
        print(f"{r['instance']:<12} {r['status']:<10} obj {r['objective']!s:>8} bound {r['bound']!s:>8} "
              f"{r['time_s']:>7.1f}s", file=sys.stderr, flush=True)
        if out:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(r.keys()))
                writer.writeheader()
            writer.writerow(r)
            out.flush()
    if out:
        out.close()
    text = table(results, known, lichtruc)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(f"CP-SAT (OR-Tools, {args.workers} workers, {args.time_limit:g} s) vs lichtruc "
                    f"({args.lichtruc_csv or 'no CSV given'})\n\n{text}\n")


if __name__ == "__main__":
    main()
