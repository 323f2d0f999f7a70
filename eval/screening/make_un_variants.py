"""Generate un_variants.csv: one spelling variant per UN-listed individual, as a Post clerk might type it.

Deterministic (random.Random(2026)); standard library only (lxml is not needed).
Source: ../shared/data/sanctions/un_consolidated/UN_consolidated_2026-02-27.xml (UN Security
Council Consolidated List, public). For every INDIVIDUAL it writes one row

    variant, entry_id (REFERENCE_NUMBER), listed_name (the list's name fields joined), variation, script

variation is one of
    transliteration   another common romanisation of one part (Mohammed/Muhammad, Chol/Chul, Al-/El-, Abd Al-/Abdul)
    dropped_part      a middle part left out (with its 'bin'/'ben'/'ould' when it has one)
    reordered         family name first with a comma ('AL-TIKRITI, Saddam Hussein'); for Korean entries,
                      whose list order is already family first, the Western order ('Yong Chol Kim')
    typo              one keyboard slip: two adjacent letters swapped, a letter dropped, doubled or replaced
    case              all lower case
    accents           accents dropped (Jérôme -> Jerome) or added where the name usually carries them
    original_script   NAME_ORIGINAL_SCRIPT of the list, as typed: verbatim, without hamza/taa-marbuta
                      distinctions, or with a middle part left out
    hand_script       the name in its own script written by hand for ClearPost (un_script_forms.csv):
                      hangul for DPRK names, Arabic/Persian for Libyan, Yemeni, Iranian, Sudanese and other
                      names the list gives in Latin only, Cyrillic for Russian-speaking Caucasus names

Except for 'case', Latin variants are written in title case, as names are typed on a CN 23.

    .venv/bin/python eval/screening/make_un_variants.py   # rewrites un_variants.csv
"""

from __future__ import annotations

import csv
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import _lists  # noqa: E402

SEED = 2026
# Entries whose NAME_ORIGINAL_SCRIPT is an Arabic-script rendering of a non-Arabic name (a clerk
# would not type a Filipino name in Arabic) or is damaged in the file.
SKIP_ORIGINAL = {"QDi.243"}

# Groups of spellings of the same name part (lower case). Written for this set.
SPELLINGS = [
    "mohammed muhammad mohamed mohammad muhammed mohamad mohd",
    "ahmad ahmed",
    "ali aly",
    "hassan hasan",
    "hussein husain hussain husayn hossein",
    "hosein hossein husayn",
    "yusuf yousef youssef yusef yousif yusif",
    "omar umar oumar",
    "osama usama",
    "othman uthman osman",
    "khalid khaled",
    "said saeed sayed saied",
    "sayyid sayed seyyed seyed said",
    "ibrahim ebrahim brahim",
    "mustafa mostafa moustafa mustapha",
    "mahmoud mahmud mahmood",
    "abdullah abdallah abdulla",
    "abdallah abdullah",
    "hamid hameed",
    "rashid rasheed rachid",
    "nasser nasir naser",
    "salih saleh salah",
    "saleh salih",
    "salim salem saleem",
    "sulaiman suleiman soliman sulayman",
    "suleiman sulaiman sulayman",
    "yahya yahia yehia",
    "yahia yahya",
    "yasin yassin yaseen",
    "yassin yasin",
    "qasim qassim kasim qasem",
    "qasem ghasem qassem",
    "jamal gamal djamel",
    "djamel jamal",
    "tarek tariq tarik",
    "tariq tarek tarik",
    "faisal faysal faycal",
    "faycal faisal",
    "mounir munir",
    "abdelkader abdulqader abd-al-qadir",
    "abdulqader abdelkader abdul-qadir",
    "abdul abdel",
    "abdel abdul",
    "rahman rehman",
    "rehman rahman",
    "akhund akhoond",
    "haqqani haqani",
    "mansur mansour",
    "mansour mansur",
    "noor nur nour",
    "nur noor",
    "mohammadi muhammadi",
    "zahir zaheer",
    "bashir basheer",
    "habib habeeb",
    "karim kareem",
    "aziz azeez",
    "jalil jaleel",
    "rahim raheem",
    "wali walli",
    "qadhafi gaddafi kadhafi qaddafi gadhafi",
    "al-qadhafi al-gaddafi",
    "senussi sanusi",
    "houthi huthi",
    "al-houthi al-huthi",
    "zawahiri zawahri",
    "al-zawahiri al-zawahri",
    "tikriti takriti",
    "al-tikriti al-takriti",
    "ben bin ibn",
    "bin ben",
    "abu abou",
    "abou abu",
    "ould wuld",
    "jan jaan",
    "shah sha",
    "agha aga",
    "khan kan",
    "mehdi mahdi",
    "mahdi mehdi",
    "morteza murtaza mortaza",
    "mohsen muhsin",
    "muhsin mohsen",
    "reza riza",
    "hosseini husseini",
    "naser nasser",
    "soleimani suleimani soleymani",
    "fereidoun fereydoun",
    "javad jawad",
    # Korean (McCune-Reischauer without breves, South Korean habits)
    "chol chul cheol",
    "chul chol",
    "jong chong jung",
    "chong jong",
    "yong young yeong",
    "song sung",
    "sok seok suk",
    "kyong kyung gyeong",
    "myong myung",
    "hyok hyuk",
    "choe choi",
    "pak park",
    "ri rhee lee",
    "il ill",
    "chun jun",
    "kwang gwang",
    "tong dong",
    # Russian and Caucasus
    "magomed magomet mahomed",
    "maghomed magomed",
    "akhmed ahmed",
    "umarov oumarov",
    "ismailov ismaylov",
    "aleksandr alexander",
    "rustam rustem",
    # African and others
    "mohamud mohamoud",
    "abdi abdy",
    "joseph josef",
    "emmanuel emanuel",
]
ALTS: dict[str, list[str]] = {}
for group in SPELLINGS:
    first, *rest = group.split()
    ALTS.setdefault(first, [])
    ALTS[first] += [r for r in rest if r not in ALTS[first]]

ACCENT_ADD = {
    "eric": "éric",
    "jerome": "jérôme",
    "felicien": "félicien",
    "leopold": "léopold",
    "gedeon": "gédéon",
    "francois": "françois",
    "dieudonne": "dieudonné",
    "eugene": "eugène",
    "julio": "júlio",
    "antonio": "antónio",
    "jose": "josé",
    "ramirez": "ramírez",
    "perez": "pérez",
    "imamovic": "imamović",
    "yilmaz": "yılmaz",
    "andre": "andré",
    "herard": "hérard",
    "celestin": "célestin",
    "sebastien": "sébastien",
    "anders": "andérs",
    "emilie": "émilie",
    "stanislas": "stanislás",
}
ACCENT_ADD.pop("anders")  # not a real spelling
ACCENT_ADD.pop("stanislas")

KEYBOARD = {
    "a": "sqz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "rz",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "mb",
    "o": "ip",
    "p": "o",
    "q": "a",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "iy",
    "v": "cb",
    "w": "qe",
    "x": "cz",
    "y": "tu",
    "z": "xs",
}


def title(name: str) -> str:
    """AL-TIKRITI -> Al-Tikriti, SA'D -> Sa'd, ‘ABD -> ‘Abd, MCDONALD stays Mcdonald (good enough)."""
    out, start = [], True
    for ch in name:
        if ch.isalpha():
            out.append(ch.upper() if start else ch.lower())
            start = False
        else:
            out.append(ch)
            start = ch in " -"
    return "".join(out)


def match_case(src: str, new: str) -> str:
    return new.upper() if src.isupper() else title(new) if src[:1].isupper() else new


def v_transliteration(tokens: list[str], rng: random.Random) -> list[str] | None:
    spots = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if low in ALTS:
            spots.append((i, None, low))
        elif "-" in low:  # inside hyphenated parts: AL-TIKRITI, SAIF-AL-DIN
            for j, sub in enumerate(low.split("-")):
                if sub in ALTS:
                    spots.append((i, j, sub))
        if low.startswith("al-") and len(low) > 4:
            spots.append((i, "al", low))
    if not spots:
        return None
    i, j, low = rng.choice(spots)
    out = list(tokens)
    if j == "al":  # al-X -> el-X / Al X / AlX
        rest = tokens[i][3:]
        out[i] = rng.choice([f"El-{rest}", f"Al {rest}", f"Al{rest.lower()}", f"al-{rest}"])
        return [match_case(t, t) for t in out]
    new = rng.choice(ALTS[low])
    if j is None:
        out[i] = new
    else:
        subs = tokens[i].split("-")
        subs[j] = new
        out[i] = "-".join(subs)
    return out


PARTICLES = {"bin", "ben", "ibn", "ould", "wuld", "ag", "bint"}


TITLES = {
    "qari",
    "mullah",
    "maulana",
    "maulawi",
    "mawlawi",
    "haji",
    "hafiz",
    "maalim",
    "sheikh",
    "sayed",
    "sayyed",
}


def v_dropped(parts: list[str], rng: random.Random) -> list[str] | None:
    """Leave out one whole middle name field (a father's or grandfather's name, a middle name)."""
    if len(parts) < 3:
        return None
    cands = list(range(1, len(parts) - 1))
    if parts[0].lower() in TITLES:  # 'QARI | SAIFULLAH | TOKHI': the title is not the name
        cands = [i for i in cands if i != 1]
    if not cands:
        return None
    i = rng.choice(cands)
    kept = parts[:i] + parts[i + 1 :]
    # a field that ends in 'BEN'/'BIN' would dangle: 'MOHAMED | BEN BELGACEM | ...' drops whole fields
    return " ".join(kept).split()


def v_reordered(parts: list[str], list_type: str, rng: random.Random) -> str | None:
    if len(parts) < 2:
        return None
    if list_type == "DPRK":  # list order is family first: give the Western order
        fam, given = parts[0], " ".join(parts[1:])
        return f"{title(given)} {title(fam)}"
    fam = parts[-1]
    given = " ".join(parts[:-1])
    return f"{fam.upper()}, {title(given)}" if rng.random() < 0.6 else f"{title(fam)} {title(given)}"


def v_typo(tokens: list[str], rng: random.Random) -> list[str] | None:
    cands = [i for i, t in enumerate(tokens) if sum(c.isalpha() for c in t) >= 4]
    if not cands:
        return None
    i = rng.choice(cands)
    tok = tokens[i]
    pos = [k for k in range(1, len(tok) - 1) if tok[k].isalpha()]
    for _ in range(20):
        k = rng.choice(pos)
        op = rng.choice(["swap", "drop", "double", "replace"])
        if op == "swap" and tok[k + 1].isalpha() and tok[k] != tok[k + 1]:
            new = tok[:k] + tok[k + 1] + tok[k] + tok[k + 2 :]
        elif op == "drop":
            new = tok[:k] + tok[k + 1 :]
        elif op == "double":
            new = tok[:k] + tok[k] + tok[k:]
        elif op == "replace" and tok[k].lower() in KEYBOARD:
            new = tok[:k] + rng.choice(KEYBOARD[tok[k].lower()]) + tok[k + 1 :]
        else:
            continue
        if new.lower() != tok.lower():
            out = list(tokens)
            out[i] = new
            return out
    return None


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def v_accents(tokens: list[str], rng: random.Random) -> list[str] | None:
    joined = " ".join(tokens)
    if strip_accents(joined) != joined:
        return [strip_accents(t) for t in tokens]
    spots = [i for i, t in enumerate(tokens) if t.lower() in ACCENT_ADD]
    if not spots:
        return None
    out = list(tokens)
    for i in spots:
        out[i] = ACCENT_ADD[tokens[i].lower()]
    return out


ARABIC_TYPED = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"})


def v_original(orig: str, rng: random.Random) -> tuple[str, str]:
    toks = orig.split()
    r = rng.random()
    if r < 0.3 and len(toks) >= 4:
        k = rng.randrange(1, len(toks) - 1)
        if toks[k - 1] not in ("بن", "ولد", "عبد", "أبو", "ابو") and toks[k] not in (
            "بن",
            "ولد",
            "عبد",
            "أبو",
            "ابو",
        ):
            return " ".join(toks[:k] + toks[k + 1 :]), "original_script"
    if r < 0.6 and orig.translate(ARABIC_TYPED) != orig:
        return orig.translate(ARABIC_TYPED), "original_script"
    return orig, "original_script"


def script_of(text: str) -> str:
    counts = Counter()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for key, code in (
                ("ARABIC", "Arab"),
                ("CYRILLIC", "Cyrl"),
                ("HANGUL", "Hang"),
                ("CJK", "Hani"),
                ("HEBREW", "Hebr"),
                ("GREEK", "Grek"),
                ("LATIN", "Latn"),
            ):
                if name.startswith(key):
                    counts[code] += 1
                    break
    return counts.most_common(1)[0][0] if counts else "Zyyy"


def main() -> None:
    rng = random.Random(SEED)
    inds = _lists.un_individuals()
    with (HERE / "un_script_forms.csv").open(encoding="utf-8", newline="") as fh:
        hand = {r["entry_id"]: r for r in csv.DictReader(fh)}
    by_ref = {i["ref"]: i for i in inds}
    missing = set(hand) - set(by_ref)
    if missing:
        raise SystemExit(f"un_script_forms.csv names unknown entries: {sorted(missing)}")

    # Which entries get a non-Latin variant: every hand-written one, plus a seeded draw of the
    # entries whose list gives an Arabic or Cyrillic original script (all Cyrillic ones).
    with_orig = [
        i
        for i in inds
        if i["original_script"]
        and i["ref"] not in SKIP_ORIGINAL
        and i["ref"] not in hand
        and "\ufffd" not in i["original_script"]
        and script_of(i["original_script"]) in ("Arab", "Cyrl")
    ]
    cyr = [i["ref"] for i in with_orig if script_of(i["original_script"]) == "Cyrl"]
    arab = [i["ref"] for i in with_orig if script_of(i["original_script"]) == "Arab"]
    orig_pick = set(cyr) | set(rng.sample(arab, 90))

    weights = {
        "transliteration": 30,
        "dropped_part": 30,
        "reordered": 16,
        "typo": 20,
        "case": 5,
        "accents": 7,
    }
    rows = []
    for ind in inds:
        ref, parts = ind["ref"], ind["parts"]
        listed = " ".join(parts)
        tokens = listed.split()
        if ref in hand:
            rows.append((hand[ref]["variant"], ref, listed, "hand_script", hand[ref]["script"]))
            continue
        if ref in orig_pick:
            variant, how = v_original(ind["original_script"], rng)
            rows.append((variant, ref, listed, how, script_of(variant)))
            continue
        kinds = list(weights)
        for _ in range(30):
            kind = rng.choices(kinds, weights=[weights[k] for k in kinds])[0]
            if kind == "transliteration":
                out = v_transliteration(tokens, rng)
                variant = title(" ".join(out)) if out else None
            elif kind == "dropped_part":
                out = v_dropped(parts, rng)
                variant = title(" ".join(out)) if out else None
            elif kind == "reordered":
                variant = v_reordered(parts, ind["list_type"], rng)
            elif kind == "typo":
                out = v_typo(tokens, rng)
                variant = title(" ".join(out)) if out else None
            elif kind == "case":
                variant = listed.lower()
            else:
                out = v_accents(tokens, rng)
                variant = title(" ".join(out)) if out else None
            if (
                variant
                and (
                    kind == "case"
                    or _lists.tokens(variant) != _lists.tokens(listed)
                    or kind in ("accents", "reordered")
                )
                and variant != listed
            ):
                rows.append((variant, ref, listed, kind, "Latn"))
                break
        else:
            raise SystemExit(f"no variant for {ref} {listed}")

    out = HERE / "un_variants.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["variant", "entry_id", "listed_name", "variation", "script"])
        wr.writerows(rows)
    print(
        f"wrote {len(rows)} variants to {out.name}: {dict(Counter(r[3] for r in rows))}; "
        f"scripts {dict(Counter(r[4] for r in rows))}"
    )


if __name__ == "__main__":
    main()
