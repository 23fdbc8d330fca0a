"""Grading schemes shipped by name (``settings: {grading: <name>}``).

Presets with a ``source`` are the schemes Japanese governments publish, written down as
the source states them (docs/methodology.md quotes each one). ``bands`` and ``symbols``
are the product's generic schemes: their thresholds are not taken from a report.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from shinchoku.model.grading import (
    Boundary,
    Grade,
    GradingScheme,
    Outcome,
    SchemeKind,
    Source,
    ToleranceSide,
)


class GradingPreset(StrEnum):
    ACHIEVEMENT = "achievement"  # 達成 / 一部達成 / 未達成 (Miyagi)
    BANDS = "bands"  # A ≥ 100 % / B ≥ 80 % / C ≥ 50 % / D (generic)
    RELATIVE = "relative"  # 達成A / 前進B / 横ばいC / 後退D (Gunma)
    SYMBOLS = "symbols"  # ◎ ○ △ × (generic)
    IBARAKI = "ibaraki"  # A 順調 / B+ 概ね順調 / B やや遅れ / C 遅れ
    OSAKA_LIBRARY = "osaka-library"  # A ≥ 110 % / B ≥ 80 % / C ≥ 50 % / D
    NAGAYO = "nagayo"  # S / A / B / C against the baseline, 10 % tolerance
    SANO = "sano"  # 7 … 1 points on the achievement rate
    TAMA = "tama"  # ① ≥ 100 % / ② ≥ 60 % / ③


def _g(
    code: str,
    label: str,
    label_en: str,
    *,
    min_rate: int | None = None,
    above: bool = False,
    outcome: Outcome | None = None,
    meaning: str | None = None,
    meaning_en: str | None = None,
    aliases: tuple[str, ...] = (),
) -> Grade:
    return Grade(
        code=code,
        label=label,
        label_en=label_en,
        aliases=list(aliases),
        min_rate=None if min_rate is None else Decimal(min_rate),
        boundary=Boundary.ABOVE if above else Boundary.AT_LEAST,
        outcome=outcome,
        meaning=meaning,
        meaning_en=meaning_en,
    )


_A, _P, _N = Outcome.ACHIEVED, Outcome.PARTIAL, Outcome.NOT_ACHIEVED
_ADV, _FLAT, _REG = Outcome.ADVANCED, Outcome.FLAT, Outcome.REGRESSED

PRESETS: dict[GradingPreset, GradingScheme] = {
    GradingPreset.ACHIEVEMENT: GradingScheme(
        kind=SchemeKind.STATUS,
        name="達成／一部達成／未達成",
        name_en="achieved / partly achieved / not achieved",
        grades=[
            _g("achieved", "達成", "Achieved", outcome=_A),
            _g("partial", "一部達成", "Partly achieved", outcome=_P),
            _g("not-achieved", "未達成", "Not achieved", outcome=_N),
        ],
        source=Source(
            government="宮城県",
            title="「みやぎ情報化推進ポリシー」R5年度実績",
            year="2024（R6.6.7時点の数値、令和5年度の実績）",
            url="https://www.pref.miyagi.jp/soshiki/jyoho/digimpolicy.html",
        ),
    ),
    GradingPreset.BANDS: GradingScheme(
        kind=SchemeKind.BANDS,
        name="達成率による段階評価（A〜D）",
        name_en="bands of the achievement rate (A–D)",
        grades=[
            _g("A", "A", "A", min_rate=100, meaning="達成", meaning_en="achieved"),
            _g("B", "B", "B", min_rate=80, meaning="概ね達成", meaning_en="mostly achieved"),
            _g("C", "C", "C", min_rate=50, meaning="一定の進捗", meaning_en="some progress"),
            _g("D", "D", "D", meaning="進捗に遅れ", meaning_en="behind"),
        ],
    ),
    GradingPreset.RELATIVE: GradingScheme(
        kind=SchemeKind.RELATIVE,
        name="基準値からの変化（達成A・前進B・横ばいC・後退D）",
        name_en="change from the baseline (achieved, advanced, flat, regressed)",
        grades=[
            _g(
                "A",
                "達成A",
                "A achieved",
                outcome=_A,
                aliases=("達成",),
                meaning="目標を上回り、達成した状態",
                meaning_en="the target reached",
            ),
            _g(
                "B",
                "前進B",
                "B advanced",
                outcome=_ADV,
                aliases=("前進",),
                meaning="目標に向かい、策定時から前進している状態",
                meaning_en="moving toward the target from the baseline",
            ),
            _g(
                "C",
                "横ばいC",
                "C flat",
                outcome=_FLAT,
                aliases=("横ばい",),
                meaning="計画策定時から目立った数値の変動が見られない状態",
                meaning_en="no notable change from the baseline",
            ),
            _g(
                "D",
                "後退D",
                "D regressed",
                outcome=_REG,
                aliases=("後退",),
                meaning="計画策定時より後退している状態",
                meaning_en="worse than the baseline",
            ),
        ],
        # The source states no tolerance: the plan's flat_tolerance is used (Settings.scheme).
        source=Source(
            government="群馬県",
            title="第4次群馬県情報化推進計画の進捗状況（令和元年度）について",
            year="2021（2021年1月5日更新、令和元年度の進捗）",
            url="https://www.pref.gunma.jp/page/16106.html",
        ),
    ),
    GradingPreset.SYMBOLS: GradingScheme(
        kind=SchemeKind.BANDS,
        name="記号（◎○△×）",
        name_en="symbols (◎ ○ △ ×)",
        grades=[
            _g("◎", "◎", "◎", min_rate=100, meaning="目標達成", meaning_en="target met"),
            _g("○", "○", "○", min_rate=80, meaning="概ね順調", aliases=("〇",)),
            _g("△", "△", "△", min_rate=50, meaning="やや遅れ", meaning_en="slightly behind"),
            _g("×", "×", "×", meaning="遅れ", meaning_en="behind"),
        ],
    ),
    GradingPreset.IBARAKI: GradingScheme(
        kind=SchemeKind.BANDS,
        name="期待値に対する達成率（A 順調・B+ 概ね順調・B やや遅れ・C 遅れ）",
        name_en="achievement of the expected value (A on track … C behind)",
        grades=[
            _g("A", "A", "A", min_rate=100, meaning="順調", meaning_en="on track"),
            _g("B+", "B+", "B+", min_rate=80, meaning="概ね順調", meaning_en="mostly on track"),
            _g("B", "B", "B", min_rate=50, meaning="やや遅れ", meaning_en="slightly behind"),
            _g("C", "C", "C", meaning="遅れ", meaning_en="behind"),
        ],
        source=Source(
            government="茨城県",
            title="茨城県まち・ひと・しごと創生総合戦略の数値目標・KPI進捗状況調書",
            year="平成26年度の実績値（平成27年12月22日公表時点）",
            url="https://pdfslide.net/documents/eoecoeoeffcccc-77-eoecoeoeffccccfkpiece.html",
        ),
    ),
    GradingPreset.OSAKA_LIBRARY: GradingScheme(
        kind=SchemeKind.BANDS,
        name="重点指標の達成度（A〜D）",
        name_en="achievement of the key indicator (A–D)",
        grades=[
            _g(
                "A",
                "A",
                "A",
                min_rate=110,
                meaning="数値目標を上回る成果を達成",
                meaning_en="beyond the target",
            ),
            _g("B", "B", "B", min_rate=80, meaning="数値目標を達成", meaning_en="target met"),
            _g(
                "C",
                "C",
                "C",
                min_rate=50,
                meaning="数値目標を2分の1以上達成",
                meaning_en="half the target or more",
            ),
            _g(
                "D",
                "D",
                "D",
                meaning="数値目標をかなり下回っており、大幅な改善が必要",
                meaning_en="well below the target",
            ),
        ],
        source=Source(
            government="大阪府（大阪府立図書館）",
            title="評価の基準と重点目標シートの記入について",
            year="2013（2016年10月26日更新）",
            url="https://www.library.pref.osaka.jp/site/hyoka/lib-hyoka-kijun2013.html",
        ),
    ),
    GradingPreset.NAGAYO: GradingScheme(
        kind=SchemeKind.RELATIVE,
        name="数値目標の進捗（S・A・B・C）",
        name_en="progress of the numeric targets (S, A, B, C)",
        grades=[
            _g(
                "S",
                "S",
                "S",
                min_rate=100,
                above=True,
                meaning="現在値が目標値を超えている",
                meaning_en="above the target",
            ),
            _g(
                "A",
                "A",
                "A",
                outcome=_ADV,
                meaning="現在値が基準値を超えている",
                meaning_en="above the baseline",
            ),
            _g(
                "B",
                "B",
                "B",
                outcome=_FLAT,
                meaning="現在値が基準値と同水準である（△10%以内）",
                meaning_en="level with the baseline (at most 10 % below)",
            ),
            _g(
                "C",
                "C",
                "C",
                outcome=_REG,
                meaning="現在値が基準値より下落している",
                meaning_en="below the baseline",
            ),
        ],
        tolerance=Decimal("0.1"),
        tolerance_side=ToleranceSide.WORSE,
        source=Source(
            government="長崎県長与町",
            title="長与町第9次総合計画の数値目標の進捗状況（ページの記述による題）",
            year="令和元年度の現在値（掲載年の記載なし）",
            url="https://webtown.nagayo.jp/kiji0032107/index.html",
        ),
    ),
    GradingPreset.SANO: GradingScheme(
        kind=SchemeKind.BANDS,
        name="成果指標の目標達成率（7段階のポイント）",
        name_en="achievement rate of the outcome indicators (7 points)",
        grades=[
            _g("7", "7ポイント", "7 points", min_rate=100),
            _g("6", "6ポイント", "6 points", min_rate=90),
            _g("5", "5ポイント", "5 points", min_rate=80),
            _g("4", "4ポイント", "4 points", min_rate=70),
            _g("3", "3ポイント", "3 points", min_rate=60),
            _g("2", "2ポイント", "2 points", min_rate=50),
            _g("1", "1ポイント", "1 point"),
        ],
        source=Source(
            government="栃木県佐野市",
            title="施策・基本事業評価の実績（成果実績の把握方法）",
            year="年度の記載なし（保存された写しによる）",
            url="https://www.city.sano.lg.jp/kurashi_gyosei/shiseijoho_nyusatsu/"
            "kaikaku_kaizennimuketatorikumi/3/naiyou/6505.html",
        ),
    ),
    GradingPreset.TAMA: GradingScheme(
        kind=SchemeKind.BANDS,
        name="数値目標の達成度（①②③）",
        name_en="achievement of the numeric targets (1, 2, 3)",
        grades=[
            _g(
                "1",
                "①",
                "1",
                min_rate=100,
                meaning="目標値の達成に向けて、着実に進んでいる",
                meaning_en="steadily advancing",
            ),
            _g(
                "2",
                "②",
                "2",
                min_rate=60,
                meaning="目標値の達成に向けて、概ね進んでいる",
                meaning_en="mostly advancing",
            ),
            _g(
                "3",
                "③",
                "3",
                meaning="目標値の達成に向けて、改善や工夫が必要と思われる",
                meaning_en="needs improvement",
            ),
        ],
        source=Source(
            government="東京都多摩市",
            title="多摩市まち・ひと・しごと創生総合戦略の評価方法（案）（資料6）",
            year="平成27年度の実績の評価（資料の年の記載なし）",
            url="https://expydoc.com/doc/10040981/%E8%B3%87%E6%96%996-%E5%A4%9A%E6%91%A9%E5%B8%82"
            "%E3%81%BE%E3%81%A1%E3%83%BB%E3%81%B2%E3%81%A8%E3%83%BB%E3%81%97%E3%81%94%E3%81%A8"
            "%E5%89%B5%E7%94%9F%E7%B7%8F%E5%90%88%E6%88%A6%E7%95%A5%E3%81%AE%E8%A9%95%E4%BE%A1"
            "%E6%96%B9%E6%B3%95%EF%BC%88%E6%A1%88%EF%BC%89-%EF%BC%88pdf%E5%BD%A2%E5%BC%8F",
        ),
    ),
}


def preset(name: GradingPreset | str) -> GradingScheme:
    return PRESETS[GradingPreset(name)]
