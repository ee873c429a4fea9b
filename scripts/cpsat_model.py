#!/usr/bin/env python3
"""Solve lichtruc's own MILP, exported as JSON, with OR-Tools CP-SAT, lexicographically.

A yardstick for the benchmark, never part of the product (issue #5): the bench
writes each instance's model with `--export-model DIR` (the formulation of
`lichtruc::solve::export`: variables, rows, one objective per tier), and this
script minimises the tiers in order with CP-SAT, with the same total time limit
and 2 workers (the machine's cores), then prints a side-by-side table with
lichtruc's results read from the bench CSV.

    pip install ortools
    cargo run --release --example bench -- --only tet,noc,reunification,gen- \\
        --time-limit 30 --csv bench-results/microlp-30s.csv
    cargo run --release --example bench -- --only tet,noc,reunification,gen- \\
        --export-model /tmp/lichtruc-models
    python3 scripts/cpsat_model.py /tmp/lichtruc-models --time-limit 30 --workers 2 \\
        --lichtruc-csv bench-results/microlp-30s.csv \\
        --out bench-results/cpsat-model-30s.csv --markdown bench-results/cpsat-model-vs-microlp-30s.md

CP-SAT takes integers only, so:

* every row and every tier is multiplied by the smallest integer (at most
  10^4) that makes its coefficients integral; a `<=` row's right-hand side is
  then rounded down (exact: its left-hand side is an integer), an `==` row's
  must be integral. Anything else aborts with a message naming the row.
* a continuous variable v (lichtruc's `min_hours` / `min_shifts` shortfalls)
  becomes v'/D with v' integer, D the smallest common denominator of its
  rows' other coefficients and right-hand sides divided by its own
  coefficient: exact for a slack that its rows settle from integer terms.
* an infinite bound is replaced by the one the rows imply (interval
  arithmetic over the other variables' bounds); a variable only bounded from
  below by its rows (the largest burden, a shortfall) gets the largest value
  those rows can ask of it, which no optimum exceeds.

Lexicographic solve: for each tier in order that has variables, minimise it,
hinted with the previous stage's solution, then add `tier == value` when the
stage proved its optimum, `tier <= value` otherwise, and go on. Tiers without
variables are constants and take no time. Time: the total limit starts when the
CP-SAT model is built (reading the JSON is not counted, as lichtruc's `time_s`
does not count reading the roster); each stage gets what is left divided by the
number of non-constant tiers still to go, so time a stage does not use flows
on (lichtruc shares its limit the same way).

The tier values reported are the model's, on the final solution. A variable
that only bounds a tier from above (the largest burden) may keep slack when its
stage and the later ones stop at the time limit, so a value can exceed the
roster's true cost; `--solutions DIR` writes the rosters, and
`bench --check-solutions DIR` prices them with lichtruc's own `rules::costs`
and checks them with `rules::check_all`.
"""

import argparse
import csv
import glob
import json
import math
import os
import sys
import time
from fractions import Fraction

MAX_SCALE = 10_000
# Columns of the bench CSV that hold tiers (others, e.g. `changes` and
# `rotation`, are not in the CSV: they are zero in the benchmark).
CSV_TIERS = ["broken", "unfilled", "soft_cover", "max_burden", "spread", "wishes"]


class ModelError(Exception):
    pass


_denominators = {}


def denominator(x, what):
    """Smallest d <= MAX_SCALE with d·x integral (within 1e-9 relative)."""
    d = _denominators.get(x)
    if d is None:
        f = Fraction(x).limit_denominator(MAX_SCALE)
        if abs(float(f) - x) > 1e-9 * max(1.0, abs(x)):
            raise ModelError(f"{what}: coefficient {x!r} is not a fraction with denominator <= {MAX_SCALE}")
        d = f.denominator
        _denominators[x] = d
    return d


def scale_of(values, what):
    """Smallest integer factor that makes every value integral."""
    s = 1
    for v in values:
        s = math.lcm(s, denominator(v, what))
        if s > MAX_SCALE:
            raise ModelError(f"{what}: no integer factor <= {MAX_SCALE} makes the coefficients integral")
    return s


def integral(x):
    r = round(x)
    assert abs(r - x) <= 1e-6 * max(1.0, abs(x)), x
    return int(r)


def integer_model(model, name):
    """The model over integers: per variable (lb, ub, divisor D: value = v'/D),
    rows [(terms, sense, rhs)] and tiers [(terms, factor)], all integral.
    A tier's value is Σ terms / factor + constant."""
    variables = model["variables"]
    n = len(variables)
    rows = model["rows"]
    by_var = [[] for _ in range(n)]
    for i, row in enumerate(rows):
        for v, c in row["terms"]:
            by_var[v].append((i, c))
    # Continuous variables: v = v'/D.
    div = [1] * n
    for v, var in enumerate(variables):
        if var["integer"]:
            continue
        d = 1
        for i, c in by_var[v]:
            row = rows[i]
            ratios = [cu / c for u, cu in row["terms"] if u != v] + [row["rhs"] / c]
            d = math.lcm(d, scale_of(ratios, f"{name}: continuous variable {v} in row {i}"))
            if d > MAX_SCALE:
                raise ModelError(f"{name}: continuous variable {v} needs a denominator above {MAX_SCALE}")
        div[v] = d
    # Bounds, in v' units.
    lb = [None] * n
    ub = [None] * n
    for v, var in enumerate(variables):
        if var["lb"] is not None:
            lb[v] = math.ceil(var["lb"] * div[v] - 1e-9)
        if var["ub"] is not None:
            ub[v] = math.floor(var["ub"] * div[v] + 1e-9)
    # Rows in v' units (coefficient c/D), then scaled to integers.
    int_rows = []
    for i, row in enumerate(rows):
        terms = [(v, c / div[v]) for v, c in row["terms"]]
        f = scale_of([c for _, c in terms], f"{name}: row {i}")
        t = [(v, integral(c * f)) for v, c in terms]
        rhs = row["rhs"] * f
        if row["sense"] == "<=":
            rhs = math.floor(rhs + 1e-9)
        elif abs(rhs - round(rhs)) > 1e-9 * max(1.0, abs(rhs)):
            raise ModelError(f"{name}: equality row {i} has a fractional right-hand side: infeasible over integers")
        else:
            rhs = round(rhs)
        int_rows.append((t, row["sense"], rhs))
    infer_bounds(int_rows, lb, ub, name)
    tiers = []
    for tier in model["tiers"]:
        terms = [(v, c / div[v]) for v, c in tier["terms"]]
        f = scale_of([c for _, c in terms], f"{name}: tier {tier['name']}")
        tiers.append(([(v, integral(c * f)) for v, c in terms], f))
    return lb, ub, div, int_rows, tiers


def infer_bounds(rows, lb, ub, name):
    """Fills infinite bounds from the rows (see the module doc)."""
    n = len(lb)
    by_var = [[] for _ in range(n)]
    for i, (terms, _, _) in enumerate(rows):
        for v, c in terms:
            by_var[v].append((i, c))

    def rest_range(terms, skip):
        lo = hi = 0
        for u, c in terms:
            if u == skip:
                continue
            if lb[u] is None or ub[u] is None:
                return None
            a, b = c * lb[u], c * ub[u]
            lo += min(a, b)
            hi += max(a, b)
        return lo, hi

    for v in range(n):
        if lb[v] is None:
            raise ModelError(f"{name}: variable {v} has no lower bound (lichtruc's model has none such)")
    # Real upper bounds first (rows with a positive coefficient, equalities),
    # a few passes so that bounds found feed each other.
    for _ in range(3):
        for v in range(n):
            if ub[v] is not None:
                continue
            best = None
            for i, c in by_var[v]:
                terms, sense, rhs = rows[i]
                r = rest_range(terms, v)
                if r is None:
                    continue
                if c > 0:
                    b = math.floor((rhs - r[0]) / c)
                elif sense == "==":
                    b = math.floor((rhs - r[1]) / c)
                else:
                    continue
                best = b if best is None else min(best, b)
            ub[v] = best
    # Then the largest value a row can ask of a variable it only bounds from
    # below.
    for v in range(n):
        if ub[v] is not None:
            continue
        need = lb[v]
        for i, c in by_var[v]:
            if c > 0:
                continue
            terms, sense, rhs = rows[i]
            r = rest_range(terms, v)
            if r is None:
                raise ModelError(f"{name}: cannot bound variable {v}: row {i} has unbounded terms")
            # rest + c·v <= rhs with c < 0: v >= (rest - rhs) / |c|.
            need = max(need, math.ceil((r[1] - rhs) / -c))
        ub[v] = need


def solve(model, name, time_limit, workers):
    from ortools.sat.python import cp_model

    started = time.monotonic()
    lb, ub, div, rows, tiers = integer_model(model, name)
    m = cp_model.CpModel()
    xs = [m.NewIntVar(lb[v], max(lb[v], ub[v]), f"v{v}") for v in range(len(lb))]
    for i, (terms, sense, rhs) in enumerate(rows):
        if not terms:
            if not (0 <= rhs if sense == "<=" else rhs == 0):
                raise ModelError(f"{name}: row {i} has no variables and does not hold")
            continue
        e = cp_model.LinearExpr.WeightedSum([xs[v] for v, _ in terms], [c for _, c in terms])
        if sense == "<=":
            m.Add(e <= rhs)
        else:
            m.Add(e == rhs)
    exprs = [cp_model.LinearExpr.WeightedSum([xs[v] for v, _ in t], [c for _, c in t]) for t, _ in tiers]
    names = [t["name"] for t in model["tiers"]]
    constants = [t["constant"] for t in model["tiers"]]
    varying = [bool(t) for t, _ in tiers]
    solution = None
    values = [None] * len(tiers)
    stages = []
    open_tier, open_bound = "", None
    for k, (terms, factor) in enumerate(tiers):
        if not varying[k]:
            values[k] = constants[k]
            stages.append((names[k], "constant", 0.0))
            continue
        left = time_limit - (time.monotonic() - started)
        budget = max(left, 0.0) / sum(varying[k:])
        stage_started = time.monotonic()
        m.Minimize(exprs[k])
        m.ClearHints()
        if solution is not None:
            for v, x in enumerate(xs):
                m.AddHint(x, solution[v])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(budget, 0.01)
        solver.parameters.num_workers = workers
        status = solver.Solve(m)
        seconds = time.monotonic() - stage_started
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solution = [solver.Value(x) for x in xs]
            scaled = integral(solver.ObjectiveValue())
            bound = solver.BestObjectiveBound()
        elif status == cp_model.INFEASIBLE:
            stages.append((names[k], "infeasible", seconds))
            return result(name, model, "infeasible", values, stages, started, time_limit, workers, names[k], None)
        elif solution is not None:
            # No better solution in time: the previous one still holds.
            scaled = sum(c * solution[v] for v, c in terms)
            bound = None
        else:
            stages.append((names[k], "no solution", seconds))
            return result(name, model, "no solution", values, stages, started, time_limit, workers, names[k], None)
        proven = status == cp_model.OPTIMAL
        stages.append((names[k], "optimal" if proven else "feasible", seconds))
        if not proven and not open_tier:
            open_tier = names[k]
            open_bound = None if bound is None else math.ceil(bound - 1e-9) / factor + constants[k]
        if proven:
            m.Add(exprs[k] == scaled)
        else:
            m.Add(exprs[k] <= scaled)
    # Every tier on the final solution: a stage stopped by the time limit may
    # leave slack in its variables (the largest burden above the real one)
    # that a later stage takes out, within the bound.
    for k, (terms, factor) in enumerate(tiers):
        if varying[k]:
            values[k] = sum(c * solution[v] for v, c in terms) / factor + constants[k]
    status = "optimal" if not open_tier else "feasible"
    r = result(name, model, status, values, stages, started, time_limit, workers, open_tier, open_bound)
    r["_pairs"] = [[a["person"], a["slot"]] for a in model["assignments"] if solution[a["var"]] == 1]
    return r


def result(name, model, status, values, stages, started, time_limit, workers, open_tier, bound):
    r = {
        "instance": name,
        "variables": len(model["variables"]),
        "rows": len(model["rows"]),
        "assignments": len(model["assignments"]),
        "status": status,
    }
    for t, v in zip(model["tiers"], values):
        r[t["name"]] = "" if v is None else round(v, 6)
    r.update({
        "open_tier": open_tier,
        "bound": "" if bound is None else round(bound, 6),
        "stages": " ".join(f"{t}={s}/{sec:.2f}s" for t, s, sec in stages),
        "time_s": round(time.monotonic() - started, 2),
        "time_limit_s": time_limit,
        "workers": workers,
    })
    return r


def read_lichtruc(path):
    out = {}
    if path:
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out[row["instance"]] = row
    return out


def fmt(v):
    if v in ("", None):
        return "—"
    v = float(v)
    return f"{v:.0f}" if v == round(v) else f"{v:g}"


def compare(ours, theirs, tiers):
    """'lichtruc better' / 'equal' / 'CP-SAT better', lexicographically."""
    for t in tiers:
        a, b = ours.get(t, ""), theirs.get(t, "")
        if a in ("", None) or b in ("", None):
            return "—"
        a, b = float(a), float(b)
        if abs(a - b) > 1e-6 * max(1.0, abs(a), abs(b)):
            return "lichtruc better" if a < b else "CP-SAT better"
    return "equal"


def table(results, lichtruc):
    tiers = CSV_TIERS
    header = ["instance", "vars", "rows", "lichtruc " + "/".join(tiers), "lichtruc optimal", "lichtruc s",
              "CP-SAT " + "/".join(tiers), "CP-SAT status", "CP-SAT open tier (bound)", "CP-SAT s", "verdict"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in results:
        l = lichtruc.get(r["instance"], {})
        # A tier the CSV lacks must be zero on CP-SAT's side too.
        extra = [t for t in r if t in ("changes", "rotation") and r[t] not in ("", 0, 0.0)]
        verdict = compare(l, r, tiers) if l else "no lichtruc row"
        if extra:
            verdict += f" (CP-SAT {', '.join(extra)} ≠ 0)"
        lines.append("| " + " | ".join(str(c) for c in [
            r["instance"], r["variables"], r["rows"],
            " / ".join(fmt(l.get(t)) for t in tiers) if l else "—",
            l.get("optimal", "—"),
            f"{float(l['time_s']):.1f}" if l.get("time_s") else "—",
            " / ".join(fmt(r.get(t)) for t in tiers),
            r["status"],
            f"{r['open_tier']} ({fmt(r['bound'])})" if r["open_tier"] else "—",
            f"{r['time_s']:.1f}", verdict,
        ]) + " |")
    return "\n".join(lines)


def model_files(paths, only):
    files = []
    for p in paths:
        files += sorted(glob.glob(os.path.join(p, "*.json"))) if os.path.isdir(p) else [p]
    names = [os.path.splitext(os.path.basename(f))[0] for f in files]
    return [(n, f) for n, f in zip(names, files) if not only or any(o in n for o in only)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("models", nargs="+", help="JSON files or folders written by `bench --export-model DIR`")
    ap.add_argument("--only", default="", help="comma-separated name substrings, as the bench's --only")
    ap.add_argument("--time-limit", type=float, default=30.0, help="seconds per instance, all tiers (default 30)")
    ap.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2, the machine's cores)")
    ap.add_argument("--lichtruc-csv", help="the CSV written by `cargo run --release --example bench -- --csv FILE`")
    ap.add_argument("--out", help="write CP-SAT results as CSV here")
    ap.add_argument("--markdown", help="write the side-by-side table here")
    ap.add_argument("--solutions", help="write each roster CP-SAT found as DIR/<instance>.json, "
                    "{\"assignments\": [[person, slot], ...]}, for `bench --check-solutions DIR`")
    args = ap.parse_args()
    only = [o for o in args.only.split(",") if o]
    files = model_files(args.models, only)
    if not files:
        sys.exit("no model files")
    lichtruc = read_lichtruc(args.lichtruc_csv)
    results = []
    out = open(args.out, "w", newline="", encoding="utf-8") if args.out else None
    writer = None
    for name, path in files:
        with open(path, encoding="utf-8") as f:
            model = json.load(f)
        if model.get("format") != "lichtruc-milp/1":
            sys.exit(f"{path}: not a lichtruc model export (format {model.get('format')!r})")
        try:
            r = solve(model, name, args.time_limit, args.workers)
        except ModelError as e:
            sys.exit(f"cannot give this model to CP-SAT: {e}")
        pairs = r.pop("_pairs", None)
        if args.solutions and pairs is not None:
            os.makedirs(args.solutions, exist_ok=True)
            with open(os.path.join(args.solutions, f"{name}.json"), "w", encoding="utf-8") as f:
                json.dump({"instance": name, "assignments": pairs}, f)
        results.append(r)
        print(f"{name:<34} {r['status']:<11} " + " ".join(f"{t} {fmt(r.get(t))}" for t in CSV_TIERS)
              + f"  {r['time_s']:.1f}s", file=sys.stderr, flush=True)
        if out:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(r.keys()))
                writer.writeheader()
            writer.writerow(r)
            out.flush()
    if out:
        out.close()
    text = table(results, lichtruc)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(f"CP-SAT (OR-Tools, {args.workers} workers, {args.time_limit:g} s per instance, lexicographic "
                    f"over lichtruc's exported MILP) vs lichtruc ({args.lichtruc_csv or 'no CSV given'}).\n"
                    f"Tier vectors are {' / '.join(CSV_TIERS)}, compared in that order. CP-SAT's are its "
                    f"model's on its final solution (`bench --check-solutions` prices its rosters with "
                    f"`rules::costs`).\n\n{text}\n")


if __name__ == "__main__":
    main()
