//! Properties 1–4: `s3::fix::propose` makes every blocked request pass, breaks nothing, adds
//! nothing that is not needed, and widens with no wildcard or foreign origin.

use corshar::s3::config;
use corshar::s3::fix::{self, Change, Need, Proposal};
use corshar::s3::{CorsConfiguration, CorsRule};
use proptest::prelude::*;

use super::cases;
use super::judge::{self, Fate};
use super::strategies;

fn fates(config: Option<&CorsConfiguration>, needs: &[Need]) -> Vec<Fate> {
    needs.iter().map(|n| judge::browser(config, n)).collect()
}

/// The needs no rule can serve aside, every need passes under the proposal, by the engine's
/// verification and by the independent judge.
fn check_fixes(current: Option<&CorsConfiguration>, needs: &[Need], p: &Proposal) -> Result<(), TestCaseError> {
    prop_assert!(p.verified, "not verified: {:#?}", p);
    for (need, fate) in needs.iter().zip(fates(Some(&p.config), needs)) {
        if judge::fixable(need) {
            prop_assert!(
                fate.passes(need),
                "need {} still fails under {:?} (was {:?}): {:?}",
                need.entry,
                p.config,
                current,
                fate
            );
        } else {
            prop_assert!(
                p.unfixable.iter().any(|u| u.entry == need.entry),
                "need {} cannot be served, and is not listed unfixable",
                need.entry
            );
        }
    }
    Ok(())
}

/// Removes one value from a list (first exact match); `false` when absent.
fn remove_value(list: &mut Vec<String>, value: &str) -> bool {
    match list.iter().position(|x| x == value) {
        Some(at) => {
            list.remove(at);
            true
        }
        None => false,
    }
}

fn list_of<'r>(rule: &'r mut CorsRule, change: &Change) -> Option<(&'r mut Vec<String>, String, bool)> {
    match change {
        Change::AddRule { .. } => None,
        Change::AddOrigin { value, .. } => Some((&mut rule.allowed_origins, value.clone(), true)),
        Change::AddMethod { value, .. } => Some((&mut rule.allowed_methods, value.clone(), true)),
        Change::AddHeader { value, .. } => Some((&mut rule.allowed_headers, value.clone(), false)),
        Change::AddExposeHeader { value, .. } => Some((&mut rule.expose_headers, value.clone(), false)),
    }
}

fn rule_of(change: &Change) -> usize {
    match change {
        Change::AddRule { rule, .. }
        | Change::AddOrigin { rule, .. }
        | Change::AddMethod { rule, .. }
        | Change::AddHeader { rule, .. }
        | Change::AddExposeHeader { rule, .. } => *rule,
    }
}

proptest! {
    #![proptest_config(cases(1000))]

    /// 1. Every fixable need passes under the proposed configuration.
    #[test]
    fn p1_the_fix_makes_every_blocked_request_pass((current, needs) in strategies::scenario()) {
        let p = fix::propose(current.as_ref(), &needs);
        check_fixes(current.as_ref(), &needs, &p)?;
        // The engine's own verification agrees with the independent judge, need by need.
        let after = fix::verify(Some(&p.config), &needs);
        for ((need, fate), outcome) in needs.iter().zip(fates(Some(&p.config), &needs)).zip(&after) {
            let readable_all = fate.allowed && fate.readable.iter().all(|r| *r);
            prop_assert_eq!(outcome.passes, readable_all, "verify and the judge disagree on need {}", need.entry);
        }
    }

    /// 2. Every request that passed still passes, and reads what it could read.
    #[test]
    fn p2_what_passed_still_passes((current, needs) in strategies::scenario()) {
        let p = fix::propose(current.as_ref(), &needs);
        let before = fates(current.as_ref(), &needs);
        let after = fates(Some(&p.config), &needs);
        for ((need, b), a) in needs.iter().zip(&before).zip(&after) {
            prop_assert_eq!(need.passed, b.allowed, "generator: need {} passed", need.entry);
            if b.allowed {
                prop_assert!(a.allowed, "need {} passed under {:?} and is blocked under {:?}", need.entry, current, p.config);
            }
            for (i, (was, is)) in b.readable.iter().zip(&a.readable).enumerate() {
                prop_assert!(!*was || *is, "need {} could read its header #{} and no longer can under {:?}", need.entry, i, p.config);
            }
        }
    }

    /// 3. Minimal: the changes account for the whole difference, and removing any one added item
    /// or added rule makes some need that passes fail. Only origins needs came from are added.
    #[test]
    fn p3_the_fix_is_minimal((current, needs) in strategies::scenario()) {
        let p = fix::propose(current.as_ref(), &needs);
        let passing: Vec<bool> = needs
            .iter()
            .zip(fates(Some(&p.config), &needs))
            .map(|(n, f)| f.passes(n))
            .collect();
        let breaks = |smaller: &CorsConfiguration| {
            needs
                .iter()
                .zip(fates(Some(smaller), &needs))
                .zip(&passing)
                .any(|((n, f), was)| *was && !f.passes(n))
        };
        let origins: Vec<&str> = needs.iter().map(|n| n.origin.as_str()).collect();
        // Only what some request asked for: its method, a header name it listed, a name it reads.
        for change in &p.changes {
            let asked = match change {
                Change::AddRule { .. } | Change::AddOrigin { .. } => true,
                Change::AddMethod { value, .. } => needs.iter().any(|n| &n.method == value),
                Change::AddHeader { value, .. } => needs
                    .iter()
                    .any(|n| n.preflight_headers.iter().flatten().any(|h| h.eq_ignore_ascii_case(value))),
                Change::AddExposeHeader { value, .. } => needs
                    .iter()
                    .any(|n| n.must_read.iter().chain(&n.keep_readable).any(|h| h.eq_ignore_ascii_case(value))),
            };
            prop_assert!(asked, "{:?}: no request asked for it", change);
        }
        // Undo every change: the current configuration comes back.
        let mut undone = p.config.clone();
        for change in &p.changes {
            if let Change::AddOrigin { value, .. } = change {
                prop_assert!(origins.contains(&value.as_str()), "adds the origin {} no request came from", value);
            }
            let rule = rule_of(change);
            prop_assert!(rule < p.config.rules.len(), "change {:?} names no rule", change);
            if let Some((list, value, required)) = list_of(&mut undone.rules[rule], change) {
                prop_assert!(remove_value(list, &value), "change {:?} is not in the configuration", change);
                // Minimality of this one item (an item a rule cannot lose is covered by the rule's).
                let mut smaller = p.config.clone();
                let (list, value, _) = list_of(&mut smaller.rules[rule], change).unwrap();
                remove_value(list, &value);
                if !(required && list.is_empty()) {
                    prop_assert!(breaks(&smaller), "{:?} can go: nothing fails without it in {:?}", change, p.config);
                }
            } else {
                let mut smaller = p.config.clone();
                smaller.rules.remove(rule);
                prop_assert!(breaks(&smaller), "{:?} can go: nothing fails without it in {:?}", change, p.config);
            }
        }
        let mut added_rules: Vec<usize> = p
            .changes
            .iter()
            .filter(|c| matches!(c, Change::AddRule { .. }))
            .map(rule_of)
            .collect();
        added_rules.sort_unstable();
        for &rule in added_rules.iter().rev() {
            let r = undone.rules.remove(rule);
            prop_assert!(
                r.allowed_origins.is_empty() && r.allowed_methods.is_empty() && r.allowed_headers.is_empty() && r.expose_headers.is_empty(),
                "added rule {} has items no change lists: {:?}", rule, r
            );
        }
        let original = current.clone().unwrap_or_default();
        prop_assert_eq!(&undone.rules.len(), &original.rules.len());
        for (u, o) in undone.rules.iter().zip(&original.rules) {
            prop_assert_eq!(&u.allowed_origins, &o.allowed_origins);
            prop_assert_eq!(&u.allowed_methods, &o.allowed_methods);
            prop_assert_eq!(&u.allowed_headers, &o.allowed_headers);
            prop_assert_eq!(&u.expose_headers, &o.expose_headers);
            prop_assert_eq!(&u.id, &o.id);
        }
        // The same for origins, without trusting the change list: every origin is old or a need's.
        let old_origins: Vec<&String> = original.rules.iter().flat_map(|r| &r.allowed_origins).collect();
        for o in p.config.rules.iter().flat_map(|r| &r.allowed_origins) {
            prop_assert!(old_origins.contains(&o) || origins.contains(&o.as_str()), "foreign origin {}", o);
        }
        // Nothing changes when nothing needs to.
        let before = fates(current.as_ref(), &needs);
        if needs.iter().zip(&before).all(|(n, f)| !judge::fixable(n) || f.passes(n)) {
            prop_assert!(p.changes.is_empty(), "changes {:?} where every request passes", p.changes);
        }
    }

    /// 4. No wildcard is added that the configuration did not already use, and S3 accepts the
    /// result whenever it accepted the start.
    #[test]
    fn p4_no_new_wildcard((current, needs) in strategies::scenario()) {
        let p = fix::propose(current.as_ref(), &needs);
        let original = current.clone().unwrap_or_default();
        type Field = fn(&CorsRule) -> &Vec<String>;
        let fields: [(&str, Field); 4] = [
            ("origin", |r| &r.allowed_origins),
            ("method", |r| &r.allowed_methods),
            ("allowed header", |r| &r.allowed_headers),
            ("expose header", |r| &r.expose_headers),
        ];
        for (what, field) in fields {
            let old: Vec<String> = original.rules.iter().flat_map(field).map(|v| v.to_ascii_lowercase()).collect();
            for v in p.config.rules.iter().flat_map(field) {
                if v.contains('*') {
                    prop_assert!(old.contains(&v.to_ascii_lowercase()), "adds the wildcard {} {} to {:?}", what, v, current);
                }
            }
        }
        if current.as_ref().is_some_and(|c| config::validate(c).is_ok()) || !p.changes.is_empty() && current.is_none() {
            prop_assert_eq!(config::validate(&p.config), Ok(()), "S3 would refuse {:?}", p.config);
        }
    }
}
