//! Programmes, their module families, modules and prerequisite groups.
use std::collections::{HashMap, HashSet};

use sea_orm::prelude::*;
use sea_orm::{ActiveValue::Set, QueryOrder, QuerySelect};
use shared::api::programmes::{
    CreateModuleRequest, CreateProgrammeRequest, FamilyView, ModuleView, PrerequisiteGroup, ProgrammeDetail, ProgrammeSummary,
};
use shared::api::{LocalizedText, PageQuery};

use shared::enums::ModuleStatus;
use shared::num::{i32_of, ordinal, u32_of};

use crate::clock::now;
use crate::domain::prerequisites::Group;
use crate::entities::{account, assessment, module, module_family, prerequisite_group, prerequisite_member, programme, programme_author};

pub fn localized(fr: &str, ar: &Option<String>, en: &Option<String>) -> LocalizedText {
    LocalizedText { fr: fr.to_string(), ar: ar.clone(), en: en.clone() }
}

pub fn module_title(m: &module::Model) -> LocalizedText {
    localized(&m.title_fr, &m.title_ar, &m.title_en)
}

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<programme::Model>, DbErr> {
    programme::Entity::find_by_id(id).one(db).await
}

/// The codes of the programmes `ids`, in one query.
pub async fn codes_of(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(programme::Entity::find()
        .filter(programme::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.code))
        .collect())
}

pub async fn by_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<programme::Model>, DbErr> {
    programme::Entity::find().filter(programme::Column::Code.eq(code)).one(db).await
}

pub async fn list(db: &impl ConnectionTrait, page: PageQuery) -> Result<(Vec<ProgrammeSummary>, u64), DbErr> {
    let total = programme::Entity::find().count(db).await?;
    let programmes = programme::Entity::find().order_by_asc(programme::Column::Code).offset(page.offset()).limit(page.per_page).all(db).await?;
    let mut items = Vec::with_capacity(programmes.len());
    for p in programmes {
        let module_count = module::Entity::find()
            .filter(module::Column::ProgrammeId.eq(p.id))
            .filter(module::Column::Status.eq(ModuleStatus::Published))
            .count(db)
            .await?;
        items.push(ProgrammeSummary { id: p.id, code: p.code.clone(), title: localized(&p.title_fr, &p.title_ar, &p.title_en), module_count });
    }
    Ok((items, total))
}

pub async fn modules_of(db: &impl ConnectionTrait, programme_id: i64) -> Result<Vec<module::Model>, DbErr> {
    module::Entity::find()
        .filter(module::Column::ProgrammeId.eq(programme_id))
        .order_by_asc(module::Column::Position)
        .order_by_asc(module::Column::Id)
        .all(db)
        .await
}

/// The modules learners are held to, in the programme's order.
pub async fn published_modules_of(db: &impl ConnectionTrait, programme_id: i64) -> Result<Vec<module::Model>, DbErr> {
    module::Entity::find()
        .filter(module::Column::ProgrammeId.eq(programme_id))
        .filter(module::Column::Status.eq(ModuleStatus::Published))
        .order_by_asc(module::Column::Position)
        .order_by_asc(module::Column::Id)
        .all(db)
        .await
}

/// The modules a learner is held to (a programme is complete when all are).
pub async fn published_module_ids(db: &impl ConnectionTrait, programme_id: i64) -> Result<Vec<i64>, DbErr> {
    module::Entity::find()
        .filter(module::Column::ProgrammeId.eq(programme_id))
        .filter(module::Column::Status.eq(ModuleStatus::Published))
        .select_only()
        .column(module::Column::Id)
        .into_tuple()
        .all(db)
        .await
}

pub async fn set_status(db: &impl ConnectionTrait, module_id: i64, status: ModuleStatus) -> Result<(), DbErr> {
    module::Entity::update_many()
        .col_expr(module::Column::Status, Expr::value(status))
        .col_expr(module::Column::UpdatedAt, Expr::value(now()))
        .filter(module::Column::Id.eq(module_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn module_by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<module::Model>, DbErr> {
    module::Entity::find_by_id(id).one(db).await
}

pub async fn families_of(db: &impl ConnectionTrait, programme_id: i64) -> Result<Vec<module_family::Model>, DbErr> {
    module_family::Entity::find().filter(module_family::Column::ProgrammeId.eq(programme_id)).order_by_asc(module_family::Column::Id).all(db).await
}

/// Every module's prerequisite groups in a programme, by module id.
pub async fn groups_of(db: &impl ConnectionTrait, programme_id: i64) -> Result<HashMap<i64, Vec<Group<i64>>>, DbErr> {
    let module_ids: Vec<i64> = module::Entity::find()
        .filter(module::Column::ProgrammeId.eq(programme_id))
        .select_only()
        .column(module::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let groups = prerequisite_group::Entity::find()
        .filter(prerequisite_group::Column::ModuleId.is_in(module_ids))
        .order_by_asc(prerequisite_group::Column::Position)
        .order_by_asc(prerequisite_group::Column::Id)
        .all(db)
        .await?;
    let members = prerequisite_member::Entity::find().filter(prerequisite_member::Column::GroupId.is_in(groups.iter().map(|g| g.id))).all(db).await?;
    let mut by_group: HashMap<i64, Vec<i64>> = HashMap::new();
    for m in members {
        by_group.entry(m.group_id).or_default().push(m.required_module_id);
    }
    let mut out: HashMap<i64, Vec<Group<i64>>> = HashMap::new();
    for g in groups {
        let mut members = by_group.remove(&g.id).unwrap_or_default();
        members.sort_unstable();
        out.entry(g.module_id).or_default().push(Group { members, min_required: g.min_required.map(u32_of) });
    }
    Ok(out)
}

pub fn module_view(
    m: &module::Model,
    families: &[module_family::Model],
    groups: &[Group<i64>],
    codes: &HashMap<i64, String>,
    pass_mark: Option<i32>,
) -> ModuleView {
    ModuleView {
        id: m.id,
        programme_id: m.programme_id,
        code: m.code.clone(),
        title: module_title(m),
        summary: localized(&m.summary_fr, &m.summary_ar, &m.summary_en),
        family: m.family_id.and_then(|id| families.iter().find(|f| f.id == id)).map(|f| f.code.clone()),
        hours: u32_of(m.hours),
        position: u32_of(m.position),
        status: m.status,
        pass_mark: pass_mark.map(u32_of),
        prerequisites: groups
            .iter()
            .map(|g| PrerequisiteGroup { modules: g.members.iter().filter_map(|id| codes.get(id).cloned()).collect(), min_required: g.min_required })
            .collect(),
    }
}

pub async fn detail(db: &impl ConnectionTrait, id: i64) -> Result<Option<ProgrammeDetail>, DbErr> {
    let Some(p) = by_id(db, id).await? else { return Ok(None) };
    let families = families_of(db, id).await?;
    let modules = modules_of(db, id).await?;
    let groups = groups_of(db, id).await?;
    let codes: HashMap<i64, String> = modules.iter().map(|m| (m.id, m.code.clone())).collect();
    let marks = pass_marks(db, id).await?;
    let empty = Vec::new();
    Ok(Some(ProgrammeDetail {
        id: p.id,
        code: p.code.clone(),
        title: localized(&p.title_fr, &p.title_ar, &p.title_en),
        summary: localized(&p.summary_fr, &p.summary_ar, &p.summary_en),
        issuer: p.issuer.clone(),
        bilingual_attestations: p.bilingual_attestations,
        families: families.iter().map(|f| FamilyView { code: f.code.clone(), title: localized(&f.title_fr, &f.title_ar, &f.title_en) }).collect(),
        modules: modules.iter().map(|m| module_view(m, &families, groups.get(&m.id).unwrap_or(&empty), &codes, marks.get(&m.id).copied())).collect(),
        authors: Vec::new(),
    }))
}

pub async fn insert(db: &impl ConnectionTrait, req: &CreateProgrammeRequest, default_issuer: &str) -> Result<programme::Model, DbErr> {
    let summary = req.summary.clone().unwrap_or_default();
    let at = now();
    programme::ActiveModel {
        code: Set(req.code.clone()),
        title_fr: Set(req.title.fr.trim().to_string()),
        title_ar: Set(req.title.ar.clone()),
        title_en: Set(req.title.en.clone()),
        summary_fr: Set(summary.fr),
        summary_ar: Set(summary.ar),
        summary_en: Set(summary.en),
        issuer: Set(req.issuer.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| default_issuer.to_string())),
        bilingual_attestations: Set(req.bilingual_attestations),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn next_position(db: &impl ConnectionTrait, programme_id: i64) -> Result<i32, DbErr> {
    let max: Option<Option<i32>> = module::Entity::find()
        .filter(module::Column::ProgrammeId.eq(programme_id))
        .select_only()
        .column_as(module::Column::Position.max(), "max")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().unwrap_or(0) + 1)
}

pub async fn insert_module(
    db: &impl ConnectionTrait,
    programme_id: i64,
    req: &CreateModuleRequest,
    family_id: Option<i64>,
    position: i32,
) -> Result<module::Model, DbErr> {
    let summary = req.summary.clone().unwrap_or_default();
    let at = now();
    module::ActiveModel {
        programme_id: Set(programme_id),
        code: Set(req.code.clone()),
        family_id: Set(family_id),
        title_fr: Set(req.title.fr.trim().to_string()),
        title_ar: Set(req.title.ar.clone()),
        title_en: Set(req.title.en.clone()),
        summary_fr: Set(summary.fr),
        summary_ar: Set(summary.ar),
        summary_en: Set(summary.en),
        hours: Set(i32_of(req.hours)),
        position: Set(position),
        status: Set(ModuleStatus::Draft),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn family_by_code(db: &impl ConnectionTrait, programme_id: i64, code: &str) -> Result<Option<module_family::Model>, DbErr> {
    module_family::Entity::find()
        .filter(module_family::Column::ProgrammeId.eq(programme_id))
        .filter(module_family::Column::Code.eq(code))
        .one(db)
        .await
}

/// Replaces a module's prerequisite groups.
pub async fn replace_prerequisites(db: &impl ConnectionTrait, module_id: i64, groups: &[Group<i64>]) -> Result<(), DbErr> {
    let old: Vec<i64> = prerequisite_group::Entity::find()
        .filter(prerequisite_group::Column::ModuleId.eq(module_id))
        .select_only()
        .column(prerequisite_group::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    prerequisite_member::Entity::delete_many().filter(prerequisite_member::Column::GroupId.is_in(old.clone())).exec(db).await?;
    prerequisite_group::Entity::delete_many().filter(prerequisite_group::Column::Id.is_in(old)).exec(db).await?;
    for (position, group) in groups.iter().enumerate() {
        let saved = prerequisite_group::ActiveModel {
            module_id: Set(module_id),
            min_required: Set(group.min_required.map(i32_of)),
            position: Set(ordinal(position) - 1),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let mut members = group.members.clone();
        members.sort_unstable();
        members.dedup();
        if members.is_empty() {
            continue;
        }
        let rows =
            members.into_iter().map(|required| prerequisite_member::ActiveModel { group_id: Set(saved.id), required_module_id: Set(required) });
        prerequisite_member::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Sets the pass mark of a module's assessment; false when it already had
/// this mark, or the module has no assessment.
pub async fn set_pass_mark(db: &impl ConnectionTrait, module_id: i64, mark: u32) -> Result<bool, DbErr> {
    let result = assessment::Entity::update_many()
        .col_expr(assessment::Column::PassMark, Expr::value(i32_of(mark)))
        .filter(assessment::Column::ModuleId.eq(module_id))
        .filter(assessment::Column::PassMark.ne(i32_of(mark)))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// The pass mark of each module of a programme that has an assessment.
pub async fn pass_marks(db: &impl ConnectionTrait, programme_id: i64) -> Result<HashMap<i64, i32>, DbErr> {
    let rows: Vec<(i64, i32)> = assessment::Entity::find()
        .filter(
            assessment::Column::ModuleId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(module::Column::Id)
                    .from(module::Entity)
                    .and_where(module::Column::ProgrammeId.eq(programme_id))
                    .to_owned(),
            ),
        )
        .select_only()
        .column(assessment::Column::ModuleId)
        .column(assessment::Column::PassMark)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Everything about a programme that learners' maps read and only editors
/// change: cached by processes under `programmes.version`.
#[derive(Debug, Clone)]
pub struct Structure {
    pub programme: programme::Model,
    pub families: Vec<module_family::Model>,
    /// In the programme's order.
    pub modules: Vec<module::Model>,
    /// Each module's prerequisite groups.
    pub groups: HashMap<i64, Vec<Group<i64>>>,
    /// Each module's assessment.
    pub assessments: HashMap<i64, assessment::Model>,
    /// The modules learners are held to.
    pub published: HashSet<i64>,
}

impl Structure {
    pub fn module(&self, id: i64) -> Option<&module::Model> {
        self.modules.iter().find(|m| m.id == id)
    }
}

pub async fn structure(db: &impl ConnectionTrait, programme_id: i64) -> Result<Option<Structure>, DbErr> {
    let Some(programme) = by_id(db, programme_id).await? else { return Ok(None) };
    let modules = modules_of(db, programme_id).await?;
    let ids: Vec<i64> = modules.iter().map(|m| m.id).collect();
    let assessments =
        assessment::Entity::find().filter(assessment::Column::ModuleId.is_in(ids)).all(db).await?.into_iter().map(|a| (a.module_id, a)).collect();
    Ok(Some(Structure {
        published: modules.iter().filter(|m| m.status == ModuleStatus::Published).map(|m| m.id).collect(),
        families: families_of(db, programme_id).await?,
        groups: groups_of(db, programme_id).await?,
        modules,
        assessments,
        programme,
    }))
}

/// Records that a programme's structure changed: every process's cached copy is stale.
pub async fn bump_version(db: &impl ConnectionTrait, programme_id: i64) -> Result<(), DbErr> {
    programme::Entity::update_many()
        .col_expr(programme::Column::Version, sea_orm::sea_query::ExprTrait::add(Expr::col(programme::Column::Version), 1))
        .filter(programme::Column::Id.eq(programme_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn is_author(db: &impl ConnectionTrait, programme_id: i64, account_id: i64) -> Result<bool, DbErr> {
    Ok(programme_author::Entity::find_by_id((programme_id, account_id)).one(db).await?.is_some())
}

/// The accounts named authors of a programme, by name.
pub async fn authors(db: &impl ConnectionTrait, programme_id: i64) -> Result<Vec<account::Model>, DbErr> {
    account::Entity::find()
        .filter(
            account::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(programme_author::Column::AccountId)
                    .from(programme_author::Entity)
                    .and_where(programme_author::Column::ProgrammeId.eq(programme_id))
                    .to_owned(),
            ),
        )
        .order_by_asc(account::Column::FullName)
        .order_by_asc(account::Column::Id)
        .all(db)
        .await
}

pub async fn replace_authors(db: &impl ConnectionTrait, programme_id: i64, account_ids: &[i64]) -> Result<(), DbErr> {
    programme_author::Entity::delete_many().filter(programme_author::Column::ProgrammeId.eq(programme_id)).exec(db).await?;
    if account_ids.is_empty() {
        return Ok(());
    }
    let rows = account_ids.iter().map(|&account_id| programme_author::ActiveModel { programme_id: Set(programme_id), account_id: Set(account_id) });
    programme_author::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}
