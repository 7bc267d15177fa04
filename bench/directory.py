"""Directory search benchmark: the full-text index against a naive LIKE scan, same data.

    .venv/bin/python bench/directory.py                        # 100,000 profiles, SQLite
    .venv/bin/python bench/directory.py --profiles 20000       # smaller, faster
    .venv/bin/python bench/directory.py --database-url postgresql://postgres@127.0.0.1:5432/test

Loads N synthetic profiles with realistic term distributions into a fresh SQLite file (and,
with --database-url, into a fresh PostgreSQL database created next to the one named, dropped
afterwards), builds the index the way `flask seed-demo` does, then times a fixed query mix
through the real service, `search_directory`, as a member with blocks and connections, and
the same mix as a LIKE '%word%' scan with the same filters and privacy rule.
Prints p50/p95 per query and overall; the last line is one JSON object.
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import String, case, cast, create_engine, exists, func, insert, or_, select, text
from sqlalchemy.engine import make_url

from peerlink import create_app
from peerlink.accounts.models import User
from peerlink.connections.models import Block, Connection
from peerlink.db_types import utcnow
from peerlink.directory.entries import directory_entries
from peerlink.directory.index import rebuild_search_index
from peerlink.directory.search import Filters, search_directory, search_words
from peerlink.extensions import db
from peerlink.profiles import privacy
from peerlink.profiles.models import Profile
from peerlink.taxonomy.models import LISTED_BY_FILTER, LISTED_KINDS, Discipline
from peerlink.taxonomy.services import seed_taxonomies

TARGET_P95_MS = 10.0
TARGET_SPEEDUP = 20.0

# --- synthetic clinicians -------------------------------------------------------------------

FIRST = ("Maya Daniel Aisha Jordan Priya Marcus Elena Samuel Grace Omar Leah Tomas Nadia Ethan "
         "Rosa Kwame Hannah Luis Mei Isaac Fatima Noah Chloe Andre Yuki Gabriel Amara Liam "
         "Sofia Malik Ingrid Diego Esther Ravi Julia Tariq Naomi Victor Lena Caleb Imani Felix "
         "Zara Hugo Carmen Jonah Anika Mateo Ruth Kenji Beatriz Owen Lucia Dmitri Keisha Paul "
         "Alma Reza Iris Simone").split()
LAST = ("Okafor Nguyen Patel Garcia Kim Johnson Cohen Schmidt Rossi Haddad Murphy Silva Chen "
        "Williams Tanaka Novak Mendez Lindqvist Abara Brown Kowalski Dubois Hassan Ortiz Singh "
        "Walker Yamamoto Ivanova Adeyemi Fischer Park Romero Jensen Baptiste Moreau Ali Lopez "
        "Osei Friedman Reyes Sato Kaur Bianchi Hughes Mwangi Andersen Castillo Greene Petrov "
        "Vega Nakamura Sharma Ramos Becker Diallo Santos Gallagher Ferreira Zhou Morales Weiss "
        "Achebe Larsen Cruz Rahman Thompson Alvarez Koh Brennan Mensah Fujita Stewart "
        "Medina").split()
# (slug, weight): roughly how common each is among clinicians.
DISCIPLINES = (("lpc", 24), ("lcsw", 22), ("psychologist", 16), ("lmft", 12),
               ("psychiatric-np", 7), ("psychiatrist", 5), ("trainee", 6),
               ("peer-specialist", 4), ("school-psychologist", 3), ("other", 1))
CREDENTIALS = {"lpc": "LPC", "lcsw": "LCSW", "psychologist": "PhD", "lmft": "LMFT",
               "psychiatric-np": "PMHNP-BC", "psychiatrist": "MD", "trainee": "MA",
               "peer-specialist": "CPS", "school-psychologist": "EdS", "other": "MS"}
SPECIALTIES = (("anxiety-ocd", 30), ("trauma-ptsd", 28), ("mood-disorders", 25),
               ("couples", 10), ("child-adolescent", 14), ("substance-use", 12),
               ("grief-loss", 8), ("lgbtq-affirming", 9), ("neurodevelopmental", 8),
               ("perinatal", 4), ("eating-disorders", 4), ("serious-mental-illness", 5),
               ("suicide-prevention", 5), ("geriatric", 3), ("sleep", 3), ("chronic-pain", 3))
MODALITIES = (("cbt", 40), ("act", 14), ("dbt", 12), ("emdr", 12), ("psychodynamic", 10),
              ("mindfulness-based", 12), ("motivational-interviewing", 10), ("ifs", 8),
              ("family-systems", 7), ("cpt", 5), ("pe", 3), ("erp", 4), ("eft", 4),
              ("cbt-i", 2), ("medication-management", 6), ("play-therapy", 3))
POPULATIONS = (("adults", 60), ("adolescents", 22), ("children", 12), ("couples", 12),
               ("families", 10), ("older-adults", 6), ("veterans", 5), ("lgbtq", 8),
               ("bipoc", 6), ("perinatal-parents", 3))
LANGUAGES = (("es", 10), ("fr", 2), ("zh", 2), ("vi", 1), ("ko", 1), ("ar", 1), ("pt", 1),
             ("tl", 1), ("ase", 1))
REGIONS = (("US", "CA", "Los Angeles", 12), ("US", "TX", "Houston", 9), ("US", "FL", "Miami", 7),
           ("US", "NY", "New York", 7), ("US", "PA", "Philadelphia", 4),
           ("US", "IL", "Chicago", 4), ("US", "OH", "Columbus", 3), ("US", "GA", "Atlanta", 3),
           ("US", "NC", "Durham", 3), ("US", "MI", "Detroit", 3), ("US", "WA", "Seattle", 3),
           ("US", "MA", "Boston", 3), ("US", "CO", "Denver", 2), ("US", "OR", "Portland", 2),
           ("US", "MN", "Minneapolis", 2), ("US", "AZ", "Phoenix", 2), ("CA", "ON", "Toronto", 4),
           ("CA", "QC", "Montréal", 2), ("CA", "BC", "Vancouver", 2), ("GB", "ENG", "London", 1))
BIO_OPENERS = ("I work in {setting} with {population}.", "Most of my caseload is {population}.",
               "I have practiced for {years} years, mostly with {population}.",
               "My clinical home is {setting}; I see {population}.")
BIO_MIDDLES = ("My focus is {specialty}, using {modality}.",
               "I lean on {modality} and supervision to keep learning about {specialty}.",
               "Colleagues ask me about {specialty} and how {modality} fits a busy week.",
               "I trained in {modality} after years of {specialty} work.")
BIO_CLOSERS = ("I enjoy peer consultation and case conferences.",
               "Happy to think through measurement-based care and documentation.",
               "I co-lead a monthly reading group on ethics and telehealth.",
               "Outside the office I teach a graduate practicum.",
               "I am interested in trauma-informed supervision and team wellbeing.",
               "Ask me about integrating care with primary care teams.")
SETTINGS = ("a group practice", "community mental health", "a hospital outpatient clinic",
            "private practice", "a university counseling center", "an integrated primary care team")
TOPICS = ("exposure work that stalls", "safety planning", "medication questions",
          "family sessions", "documentation for insurers", "starting EMDR", "school meetings")


def _pick(rng: random.Random, weighted, low: int, high: int) -> list[str]:
    slugs, weights = zip(*weighted, strict=True)
    wanted, chosen = rng.randint(low, high), []
    while len(chosen) < wanted:
        slug = rng.choices(slugs, weights)[0]
        if slug not in chosen:
            chosen.append(slug)
    return chosen


def synthetic_profiles(n: int, seed: int = 7):
    """Yields dicts: profile columns plus term slugs. Deterministic for a seed."""
    rng = random.Random(seed)
    specialty_label = {slug: slug.replace("-", " ") for slug, _ in SPECIALTIES}
    modality_label = {"cbt": "CBT", "act": "ACT", "dbt": "DBT", "emdr": "EMDR", "ifs": "IFS",
                      "cpt": "cognitive processing therapy", "pe": "prolonged exposure",
                      "erp": "exposure and response prevention", "eft": "EFT", "cbt-i": "CBT-I"}
    for i in range(n):
        discipline = rng.choices(*zip(*DISCIPLINES, strict=True))[0]
        specialties = _pick(rng, SPECIALTIES, 1, 4)
        modalities = _pick(rng, MODALITIES, 1, 3)
        populations = _pick(rng, POPULATIONS, 1, 3)
        languages = ["en"] + (_pick(rng, LANGUAGES, 1, 1) if rng.random() < 0.18 else [])
        country, region, city, _ = rng.choices(REGIONS, [r[3] for r in REGIONS])[0]
        fill = {"setting": rng.choice(SETTINGS), "years": rng.randint(2, 30),
                "population": " and ".join(p.replace("-", " ") for p in populations),
                "specialty": specialty_label[specialties[0]],
                "modality": modality_label.get(modalities[0], modalities[0].replace("-", " "))}
        bio = " ".join([rng.choice(BIO_OPENERS).format(**fill),
                        rng.choice(BIO_MIDDLES).format(**fill),
                        rng.choice(BIO_CLOSERS)])
        open_to_consultation = rng.random() < 0.35
        yield {
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "email": f"bench{i}@example.org",
            "discipline": discipline, "credentials": CREDENTIALS[discipline],
            "specialties": specialties, "modalities": modalities, "populations": populations,
            "languages": languages, "city": city, "region": f"{country}-{region}",
            "country": country,
            "bio": bio, "open_to_consultation": open_to_consultation,
            "consultation_topics": rng.sample(TOPICS, 2) if open_to_consultation else [],
            "verification_status": "verified" if rng.random() < 0.6 else "unverified",
            "visibility": rng.choices(("members", "connections_and_attendees", "connections"),
                                      (85, 10, 5))[0],
            "license_number": f"LIC-{rng.randint(10**6, 10**7 - 1)}",
        }


# --- loading --------------------------------------------------------------------------------


def _ids(model) -> dict[str, int]:
    return dict(db.session.execute(select(model.slug, model.id)).all())


def load_profiles(n: int, seed: int = 7, batch: int = 5000) -> dict:
    """Bulk-insert N members with profiles and terms, then build the index. Returns timings."""
    seed_taxonomies()
    disciplines = _ids(Discipline)
    term_ids = {kind.attribute: _ids(kind.model) for kind in LISTED_KINDS}
    links = {kind.attribute: kind.link for kind in LISTED_KINDS}
    started = time.perf_counter()
    confirmed_at = utcnow()  # only confirmed members are listed
    next_id = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    rows = synthetic_profiles(n, seed)
    while True:
        chunk = [row for _, row in zip(range(batch), rows, strict=False)]
        if not chunk:
            break
        users, profiles, link_rows = [], [], {name: [] for name in links}
        for offset, row in enumerate(chunk):
            user_id = next_id + offset
            users.append({"id": user_id, "email": row["email"], "name": row["name"],
                          "password_hash": "!bench-account-cannot-log-in",
                          "role": "member", "email_confirmed_at": confirmed_at})
            profiles.append({
                "user_id": user_id, "display_name": row["name"],
                "discipline_id": disciplines[row["discipline"]],
                **{key: row[key] for key in (
                    "credentials", "city", "region", "country", "bio", "open_to_consultation",
                    "consultation_topics", "verification_status", "visibility",
                    "license_number")},
                "license_jurisdiction": row["region"]})
            for name in links:
                link_rows[name] += [{"profile_id": user_id, "term_id": term_ids[name][slug]}
                                    for slug in row[name]]
        db.session.execute(insert(User), users)
        db.session.execute(insert(Profile), profiles)
        for name, link in links.items():
            db.session.execute(insert(link), link_rows[name])
        next_id += len(chunk)
    db.session.commit()
    loaded = time.perf_counter()
    rebuild_search_index()
    db.session.commit()
    indexed = time.perf_counter()
    _analyze()
    return {"load_seconds": round(loaded - started, 2),
            "index_seconds": round(indexed - loaded, 2)}


def _analyze() -> None:
    """Bring the database to the state autovacuum keeps a live one in, after a bulk load:
    statistics for the planner and, on PostgreSQL, the visibility map and hint bits set
    (otherwise the first reads of each page write it) and the GIN pending list merged."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
            conn.commit()


def make_viewer(n_blocks: int = 20, n_connections: int = 50) -> int:
    """A member with some blocks both ways and some connections, as the privacy rule sees."""
    viewer_id = db.session.scalar(select(func.min(Profile.user_id)))
    others = list(db.session.scalars(select(Profile.user_id).where(Profile.user_id != viewer_id)
                                     .order_by(Profile.user_id).limit(n_blocks + n_connections)))
    blocked, connected = others[:n_blocks], others[n_blocks:]
    db.session.execute(insert(Block), [
        {"blocker_id": viewer_id, "blocked_id": other} if i % 2 else
        {"blocker_id": other, "blocked_id": viewer_id} for i, other in enumerate(blocked)])
    db.session.execute(insert(Connection), [
        {"requester_id": viewer_id, "addressee_id": other, "status": "accepted"}
        for other in connected])
    db.session.commit()
    _analyze()
    return viewer_id


# --- the query mix --------------------------------------------------------------------------

QUERY_MIX = (
    ("one word", {"q": "trauma"}),
    ("one word", {"q": "emdr"}),
    ("one word", {"q": "adolescents"}),
    ("one word", {"q": "Nguyen"}),
    ("two words", {"q": "trauma adolescents"}),
    ("two words", {"q": "perinatal anxiety"}),
    ("two words", {"q": "maya okafor"}),
    ("prefix", {"q": "psychiat"}),
    ("prefix", {"q": "mindful"}),
    ("prefix", {"q": "griev"}),
    ("word + filters", {"q": "trauma", "discipline": "psychiatric-np", "verified": True}),
    ("word + filters", {"q": "anxiety", "region": "US-TX", "consultation": True}),
    ("word + filters", {"q": "couples", "language": ("es",), "country": "US"}),
)


def naive_filter_clauses(filters: Filters) -> list:
    """The filters as plain SQL conditions, as a directory without an index would write them."""
    clauses = []
    if filters.discipline:
        clauses.append(Profile.discipline_id.in_(
            select(Discipline.id).where(Discipline.slug == filters.discipline)))
    for name, terms in LISTED_BY_FILTER.items():
        for slug in getattr(filters, name):
            clauses.append(exists().where(terms.link.c.profile_id == Profile.user_id,
                                          terms.link.c.term_id == terms.model.id,
                                          terms.model.slug == slug))
    if filters.region:
        clauses.append(func.lower(Profile.region) == filters.region.lower())
    if filters.country:
        clauses.append(Profile.country == filters.country.upper())
    if filters.consultation:
        clauses.append(Profile.open_to_consultation.is_(True))
    if filters.verified:
        clauses.append(Profile.verification_status == "verified")
    return clauses


def naive_scan(viewer, filters: Filters, *, page: int = 1, per_page: int = 20):
    """What the directory would do without an index: LIKE '%word%' over every text column."""
    text_columns = (Profile.display_name, Profile.credentials, Profile.bio, Profile.city,
                    Profile.region, cast(Profile.consultation_topics, String))
    term_links = tuple((LISTED_BY_FILTER[name].link, LISTED_BY_FILTER[name].model)
                       for name in ("specialty", "modality", "population"))
    word_clauses = []
    for word in search_words(filters.q):
        pattern = f"%{word}%"
        word_clauses.append(or_(
            *(column.ilike(pattern) for column in text_columns),
            *(exists().where(link.c.profile_id == Profile.user_id, link.c.term_id == model.id,
                             model.label.ilike(pattern)) for link, model in term_links)))
    verified_first = case((Profile.verification_status == "verified", 0), else_=1)
    stmt = (select(Profile.user_id, func.count().over().label("total"))
            .where(privacy.full_profile_visible_to(viewer), privacy.listed(Profile.user_id),
                   *naive_filter_clauses(filters), *word_clauses)
            .order_by(verified_first, func.lower(Profile.display_name), Profile.user_id)
            .limit(per_page).offset((page - 1) * per_page))
    rows = db.session.execute(stmt).all()
    # The same page reading as the indexed search, so only the matching differs.
    return directory_entries([row.user_id for row in rows]), (rows[0].total if rows else 0)


def _percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(pct) - 1]


def run_mix(viewer_id: int, repeat: int, scan_repeat: int, out=print) -> dict:
    indexed, scanned, per_query = [], [], []
    for kind, query in QUERY_MIX:
        filters = Filters.from_query(query)
        times = {"indexed": [], "scan": []}
        totals = {}
        for label, runs, call in (
                ("indexed", repeat, lambda v, f=filters: search_directory(v, f, per_page=20)),
                ("scan", scan_repeat, lambda v, f=filters: naive_scan(v, f, per_page=20))):
            for attempt in range(runs + 1):  # the first run warms caches and is not counted
                # Like a request: a new session, and the member loaded before the view runs.
                db.session.remove()
                viewer = db.session.get(User, viewer_id)
                started = time.perf_counter()
                result = call(viewer)
                elapsed = (time.perf_counter() - started) * 1000
                if attempt:
                    times[label].append(elapsed)
            totals[label] = result.total if label == "indexed" else result[1]
        indexed += times["indexed"]
        scanned += times["scan"]
        row = {"kind": kind, "query": query, "indexed_total": totals["indexed"],
               "scan_total": totals["scan"],
               "indexed_p50_ms": round(_percentile(times["indexed"], 50), 2),
               "indexed_p95_ms": round(_percentile(times["indexed"], 95), 2),
               "scan_p50_ms": round(_percentile(times["scan"], 50), 2),
               "scan_p95_ms": round(_percentile(times["scan"], 95), 2)}
        per_query.append(row)
        out(f"  {kind:<15} {json.dumps(query, ensure_ascii=False):<70} "
            f"found {row['indexed_total']:>6} (scan {row['scan_total']:>6})  "
            f"indexed p50 {row['indexed_p50_ms']:>7.2f} p95 {row['indexed_p95_ms']:>7.2f} ms  "
            f"scan p50 {row['scan_p50_ms']:>8.2f} p95 {row['scan_p95_ms']:>8.2f} ms")
    summary = {"indexed_p50_ms": round(_percentile(indexed, 50), 2),
               "indexed_p95_ms": round(_percentile(indexed, 95), 2),
               "scan_p50_ms": round(_percentile(scanned, 50), 2),
               "scan_p95_ms": round(_percentile(scanned, 95), 2),
               "samples": {"indexed": len(indexed), "scan": len(scanned)}}
    summary["speedup_p95"] = round(summary["scan_p95_ms"] / summary["indexed_p95_ms"], 1)
    summary["queries"] = per_query
    return summary


# --- backends -------------------------------------------------------------------------------


@contextmanager
def fresh_sqlite():
    with tempfile.TemporaryDirectory(prefix="peerlink-bench-") as directory:
        yield f"sqlite:///{Path(directory) / 'bench.sqlite'}"


@contextmanager
def fresh_postgresql(server_url: str):
    """A new database on the server named by the URL, dropped afterwards."""
    url = make_url(server_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    name = f"peerlink_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def cpu_calibration_ms() -> float:
    """A fixed pure-Python workload, best of five: how fast this machine is right now.

    Shared virtual machines change speed over minutes; read the figures beside this one
    (about 48 ms on the 2-core machine these benchmarks were tuned on; 96 when it ran at
    half speed)."""
    def work():
        started = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        return (time.perf_counter() - started) * 1000

    return round(min(work() for _ in range(5)), 1)


def _server_settings() -> dict:
    """What the figures depend on besides the code: the engine's version and, on PostgreSQL,
    its memory for cached pages (the default 128 MB holds less than this benchmark's data)."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            return {name: conn.exec_driver_sql(f"SHOW {name}").scalar()
                    for name in ("server_version", "shared_buffers")}
        return {"sqlite_version": conn.exec_driver_sql("SELECT sqlite_version()").scalar()}


def run_backend(url: str, profiles: int, *, repeat: int = 20, scan_repeat: int = 3,
                seed: int = 7, out=print) -> dict:
    from flask_migrate import upgrade

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        try:
            upgrade()
            backend = db.engine.dialect.name
            server = _server_settings()
            calibration = {"before": cpu_calibration_ms()}
            out(f"{backend}: {', '.join(f'{k} {v}' for k, v in server.items())}; "
                f"CPU calibration {calibration['before']} ms; loading {profiles:,} profiles …")
            timings = load_profiles(profiles, seed)
            out(f"{backend}: loaded in {timings['load_seconds']} s, "
                f"index built in {timings['index_seconds']} s; running the query mix")
            viewer_id = make_viewer()
            summary = run_mix(viewer_id, repeat, scan_repeat, out=out)
            calibration["after"] = cpu_calibration_ms()
        finally:
            db.session.remove()
            db.engine.dispose()
    result = {"profiles": profiles, "backend": backend, "server": server,
              "cpu_calibration_ms": calibration, **timings, **summary}
    verdict = ("meets" if result["indexed_p95_ms"] < TARGET_P95_MS
               and result["speedup_p95"] >= TARGET_SPEEDUP else "MISSES")
    out(f"{backend}: indexed p50 {result['indexed_p50_ms']} ms, p95 {result['indexed_p95_ms']} "
        f"ms; scan p50 {result['scan_p50_ms']} ms, p95 {result['scan_p95_ms']} ms; "
        f"speedup at p95 {result['speedup_p95']}x — {verdict} the target "
        f"(p95 < {TARGET_P95_MS} ms and >= {TARGET_SPEEDUP}x); CPU calibration "
        f"{calibration['before']} ms before, {calibration['after']} ms after")
    return result


def combine(results: list[dict]) -> dict:
    """One JSON line: a single backend as is; several summarised by their worst figures."""
    if len(results) == 1:
        return {k: v for k, v in results[0].items() if k != "queries"}
    worst = max(results, key=lambda r: r["indexed_p95_ms"])
    return {
        "profiles": results[0]["profiles"],
        "backend": ",".join(r["backend"] for r in results),
        "indexed_p50_ms": max(r["indexed_p50_ms"] for r in results),
        "indexed_p95_ms": worst["indexed_p95_ms"],
        "scan_p50_ms": min(r["scan_p50_ms"] for r in results),
        "scan_p95_ms": min(r["scan_p95_ms"] for r in results),
        "speedup_p95": min(r["speedup_p95"] for r in results),
        "backends": {r["backend"]: {k: v for k, v in r.items() if k != "queries"}
                     for r in results},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--database-url", help="also run on this PostgreSQL server "
                        "(a fresh database is created there and dropped afterwards)")
    parser.add_argument("--skip-sqlite", action="store_true",
                        help="with --database-url, run PostgreSQL only")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per indexed query")
    parser.add_argument("--scan-repeat", type=int, default=3, help="timed runs per scan query")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.skip_sqlite and not args.database_url:
        parser.error("--skip-sqlite needs --database-url")
    results = []
    options = {"repeat": args.repeat, "scan_repeat": args.scan_repeat, "seed": args.seed}
    if not args.skip_sqlite:
        with fresh_sqlite() as url:
            results.append(run_backend(url, args.profiles, **options))
    if args.database_url:
        with fresh_postgresql(args.database_url) as url:
            results.append(run_backend(url, args.profiles, **options))
    print(json.dumps(combine(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
