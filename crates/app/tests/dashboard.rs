//! The dashboard on a seeded hub: three sites, ideas at every stage, decisions spread over
//! 18 months. Every figure equals what the seed says it should (worked out here from the
//! seed itself, not from the store), and every figure's query lists exactly that many
//! ideas.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use std::collections::BTreeMap;

use chrono::{DateTime, Months, NaiveDate, Utc};
use sprout_app::{DashboardQuery, Figure, IdeaQuery, Stage};
use sprout_core::{
    ActorId, Decision, GateDecided, Hlc, IdeaCreated, IdeaField, Op, OpId, OpPayload, PocPart,
    PocPartSet,
};
use sprout_store::{Admission, DB_FILE_NAME, Store};
use uuid::Uuid;

const DAY: u64 = 86_400_000;
const SITES: [&str; 3] = ["Royal", "General", "Hill"];

/// How far idea `i` goes, and the decisions that take it there.
fn path(i: usize) -> Vec<(Decision, Stage, Stage)> {
    use Stage as S;
    let go = |from, to| (Decision::Go, from, to);
    let mut steps = Vec::new();
    let main = [
        S::Submitted,
        S::Triage,
        S::Refine,
        S::Evaluate,
        S::PocPlanning,
        S::PocRunning,
        S::PocReview,
        S::AdoptAndSpread,
    ];
    let reach = [0, 1, 5, 4, 7, 3][i % 6];
    for k in 0..reach {
        steps.push(go(main[k], main[k + 1]));
    }
    if i % 6 == 5 {
        steps.push((Decision::Hold, S::Evaluate, S::Parked));
    }
    steps
}

/// A gate move: the stage it went to, the stage it left, when (ms).
type Move = (Stage, Stage, u64);

struct Seed {
    /// (idea, site, created ms, its moves)
    ideas: Vec<(Uuid, &'static str, u64, Vec<Move>)>,
    /// Running POCs with a milestone overdue.
    late: Vec<Uuid>,
}

fn seed(store: &mut Store, now: u64) -> Seed {
    let actor = ActorId(Uuid::now_v7());
    let start = now - 540 * DAY;
    let mut ops = Vec::new();
    let mut ideas = Vec::new();
    let mut late = Vec::new();
    let mut clock = 0;
    for i in 0..36 {
        let created = start + i as u64 * 14 * DAY + 3_600_000;
        let id = OpId::minted(actor, Uuid::now_v7()).0;
        let site = SITES[i % 3];
        clock += 1;
        let payload = OpPayload::IdeaCreated(IdeaCreated {
            title: format!("Idea {i:02}"),
            problem: "Seen on the ward".into(),
            author: "Ann".into(),
            site: site.into(),
            department: ["Ward 7", "Theatres"][i % 2].into(),
            ..Default::default()
        });
        ops.push(Op { id: OpId(id), hlc: Hlc::new(created, clock), actor, entity_id: id, payload });
        let mut moves = Vec::new();
        for (k, (decision, from, to)) in path(i).into_iter().enumerate() {
            let at = created + (k as u64 + 1) * 9 * DAY;
            if at > now - DAY {
                break;
            }
            clock += 1;
            let gate = GateDecided { from, to, decision, rationale: "On".into() };
            ops.push(Op {
                id: OpId::minted(actor, Uuid::now_v7()),
                hlc: Hlc::new(at, clock),
                actor,
                entity_id: id,
                payload: OpPayload::GateDecided(gate),
            });
            moves.push((to, from, at));
        }
        // Every other POC that runs has a milestone already overdue: it is off track.
        if moves.last().is_some_and(|m| m.0 == Stage::PocRunning) && i % 12 == 2 {
            clock += 1;
            let set = [
                (IdeaField::Milestone, "Sensors fitted".to_owned()),
                (IdeaField::Due, "2020-01-31".to_owned()),
            ];
            let part = PocPartSet {
                part: PocPart::Milestone,
                record: Uuid::now_v7(),
                set: set.into_iter().collect(),
            };
            ops.push(Op {
                id: OpId::minted(actor, Uuid::now_v7()),
                hlc: Hlc::new(now - DAY, clock),
                actor,
                entity_id: id,
                payload: OpPayload::PocPartSet(part),
            });
            late.push(id);
        }
        ideas.push((id, site, created, moves));
    }
    let admin = Admission::admin();
    let applied = store.apply_remote(&ops, &|_| admin.roles.clone(), admin.rules).unwrap();
    assert!(applied.refused.is_empty(), "{:?}", applied.refused.first());
    Seed { ideas, late }
}

fn millis(d: NaiveDate) -> u64 {
    u64::try_from(d.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis()).unwrap()
}

/// The stages before a POC: an idea at one of them now is counted by the board pack only
/// when a period's figure counts it.
const MAIN_EARLY: [Stage; 4] = [Stage::Submitted, Stage::Triage, Stage::Refine, Stage::Evaluate];

/// The ids of every idea `query` lists, over all its pages.
fn listed_ids(pc: &sprout_app::Sprout, query: &IdeaQuery) -> Vec<String> {
    let mut q = IdeaQuery { per_page: 200, ..query.clone() };
    let mut ids = Vec::new();
    for page in 1.. {
        q.page = page;
        let found = pc.idea_page(&q).unwrap();
        ids.extend(found.ideas.iter().map(|i| i.id.to_string()));
        if page >= found.pages {
            break;
        }
    }
    ids
}

#[test]
fn every_figure_is_what_the_seed_says_and_its_query_lists_that_many_ideas() {
    let dir = tempfile::tempdir().unwrap();
    let now = u64::try_from(Utc::now().timestamp_millis()).unwrap();
    let seed = {
        let mut store = Store::open(&dir.path().join(DB_FILE_NAME)).unwrap();
        seed(&mut store, now)
    };
    let pc = common::sealed_pc(dir.path(), "Lee Lead");
    let today = DateTime::from_timestamp_millis(i64::try_from(now).unwrap()).unwrap().date_naive();
    let from = today.checked_sub_months(Months::new(12)).unwrap().succ_opt().unwrap();
    let board = pc
        .dashboard(&DashboardQuery {
            from: Some(from.to_string()),
            to: Some(today.to_string()),
            site: None,
        })
        .unwrap();
    let (lo, hi) = (millis(from), millis(today.succ_opt().unwrap()) - 1);
    let within = |t: u64| (lo..=hi).contains(&t);

    // Worked out from the seed: where each idea is now, what entered each stage in the
    // period, what waits, what each site has.
    let stage_now =
        |moves: &Vec<(Stage, Stage, u64)>| moves.last().map_or(Stage::Submitted, |m| m.0);
    let mut now_at: BTreeMap<Stage, u32> = BTreeMap::new();
    let mut entered: BTreeMap<Stage, u32> = BTreeMap::new();
    let mut left: BTreeMap<Stage, u32> = BTreeMap::new();
    let mut waiting: BTreeMap<Stage, u32> = BTreeMap::new();
    for (_, _, created, moves) in &seed.ideas {
        *now_at.entry(stage_now(moves)).or_default() += 1;
        if within(*created) {
            *entered.entry(Stage::Submitted).or_default() += 1;
        }
        for (to, from, at) in moves {
            if within(*at) {
                *entered.entry(*to).or_default() += 1;
                *left.entry(*from).or_default() += 1;
            }
        }
        let since = moves.last().map_or(*created, |m| m.2);
        let stage = stage_now(moves);
        if matches!(stage, Stage::Submitted | Stage::Triage) && since < now - 14 * DAY {
            *waiting.entry(stage).or_default() += 1;
        }
    }
    for s in &board.funnel {
        assert_eq!(s.now.count, now_at.get(&s.stage).copied().unwrap_or(0), "now at {}", s.stage);
        assert_eq!(
            s.entered.count,
            entered.get(&s.stage).copied().unwrap_or(0),
            "entered {}",
            s.stage
        );
    }
    for t in &board.time_in_stage {
        assert_eq!(t.left.count, left.get(&t.stage).copied().unwrap_or(0), "left {}", t.stage);
        if t.left.count > 0 {
            // Every seeded stay is nine days, or from submission (plus an hour) to nine days on.
            assert_eq!(t.median_days.map(f64::round), Some(9.0), "{}", t.stage);
        }
    }
    for (stage, f) in &board.waiting {
        assert_eq!(f.count, waiting.get(stage).copied().unwrap_or(0), "waiting in {stage}");
    }
    assert_eq!(board.months.len(), 13, "every month the 12 months touch");
    let submitted: u32 = board.months.iter().map(|m| m.submitted.count).sum();
    assert_eq!(submitted, entered[&Stage::Submitted]);
    let adopted: u32 = board.months.iter().map(|m| m.adopted.count).sum();
    assert_eq!(adopted, entered.get(&Stage::AdoptAndSpread).copied().unwrap_or(0));
    let by_site: u32 = board.by_site.iter().map(|g| g.submitted.count).sum();
    assert_eq!(by_site, entered[&Stage::Submitted], "the sites add up to the hub's");
    assert_eq!(board.by_site.len(), 3);
    assert_eq!(board.submissions.points.len(), 13);
    let running = now_at.get(&Stage::PocRunning).copied().unwrap_or(0);
    assert!(running >= 2 && !seed.late.is_empty(), "the seed runs POCs, some late");
    assert_eq!(board.pocs.off_track.count as usize, seed.late.len());
    assert_eq!(board.pocs.on_track.count, running - board.pocs.off_track.count);
    assert_eq!(board.pocs.reviewed.count, left.get(&Stage::PocReview).copied().unwrap_or(0));

    // Every figure's query lists exactly its count.
    let mut figures: Vec<(String, &Figure)> = Vec::new();
    for s in &board.funnel {
        figures.push((format!("now {}", s.stage), &s.now));
        figures.push((format!("entered {}", s.stage), &s.entered));
    }
    for t in &board.time_in_stage {
        figures.push((format!("left {}", t.stage), &t.left));
    }
    for m in &board.months {
        for (k, f) in [
            ("submitted", &m.submitted),
            ("decided", &m.decided),
            ("to POC", &m.to_poc),
            ("adopted", &m.adopted),
        ] {
            figures.push((format!("{} {k}", m.month), f));
        }
    }
    for (stage, f) in &board.waiting {
        figures.push((format!("waiting {stage}"), f));
    }
    for (k, f) in [
        ("on track", &board.pocs.on_track),
        ("off track", &board.pocs.off_track),
        ("reviewed", &board.pocs.reviewed),
        ("adopted", &board.pocs.adopted),
    ] {
        figures.push((format!("POCs {k}"), f));
    }
    for g in board.by_site.iter().chain(&board.by_department) {
        for (k, f) in [("submitted", &g.submitted), ("in POC", &g.in_poc), ("adopted", &g.adopted)]
        {
            figures.push((format!("{} {k}", g.name), f));
        }
    }
    assert!(figures.len() > 80, "{}", figures.len());
    // The board pack's appendix lists the ideas every figure counts, each once, except the
    // early stages' "now", which is the whole pipeline.
    let early_now: Vec<String> = MAIN_EARLY.iter().map(|s| format!("now {s}")).collect();
    let mut behind_figures = std::collections::BTreeSet::new();
    for (name, f) in figures {
        let query = f.query.as_ref().expect("a figure counting ideas has its query");
        let ids = listed_ids(&pc, query);
        assert_eq!(ids.len(), f.count as usize, "{name}");
        if !early_now.contains(&name) {
            behind_figures.extend(ids);
        }
    }
    let counted = pc.counted_ideas(&board).unwrap();
    let appendix: std::collections::BTreeSet<String> =
        counted.iter().map(|i| i.id.clone()).collect();
    assert_eq!(appendix.len(), counted.len(), "each idea listed once");
    assert_eq!(appendix, behind_figures);
    assert!(
        counted.len() < seed.ideas.len(),
        "ideas submitted before the period and left alone are not counted"
    );

    // One site's dashboard is that site's share.
    let royal = pc
        .dashboard(&DashboardQuery {
            from: Some(from.to_string()),
            to: Some(today.to_string()),
            site: Some("Royal".into()),
        })
        .unwrap();
    let royal_submitted =
        seed.ideas.iter().filter(|(_, s, c, _)| *s == "Royal" && within(*c)).count();
    assert_eq!(royal.funnel[0].entered.count as usize, royal_submitted);
}
