//! The domain's closed vocabularies, shared by both sides and stored as text.
use serde::{Deserialize, Serialize};

use crate::i18n::{Key, k};

/// Declares an enum stored and sent as a snake_case string, with a label key.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal, $label:expr;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
        pub enum $name {
            $(#[serde(rename = $text)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn label_key(self) -> Key {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What an account may do.
    Role {
        Learner => "learner", k::ROLE_LEARNER;
        Trainer => "trainer", k::ROLE_TRAINER;
        Partner => "partner", k::ROLE_PARTNER;
        Admin => "admin", k::ROLE_ADMIN;
    }
}

impl Role {
    /// Staff see cohorts and learners beyond their own record.
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Learner)
    }
}

vocabulary! {
    /// The learner categories of the programme's "En chiffres" figures.
    Category {
        Association => "association", k::CATEGORY_ASSOCIATION;
        PublicActor => "public_actor", k::CATEGORY_PUBLIC_ACTOR;
        LocalMedia => "local_media", k::CATEGORY_LOCAL_MEDIA;
        Student => "student", k::CATEGORY_STUDENT;
        Researcher => "researcher", k::CATEGORY_RESEARCHER;
    }
}

vocabulary! {
    OrganisationKind {
        Association => "association", k::ORGKIND_ASSOCIATION;
        PartnerInstitution => "partner_institution", k::ORGKIND_PARTNER_INSTITUTION;
        Media => "media", k::ORGKIND_MEDIA;
        University => "university", k::ORGKIND_UNIVERSITY;
        PublicBody => "public_body", k::ORGKIND_PUBLIC_BODY;
    }
}

vocabulary! {
    /// Where a learner stands on one module.
    ModuleState {
        Locked => "locked", k::STATE_LOCKED;
        Available => "available", k::STATE_AVAILABLE;
        InProgress => "in_progress", k::STATE_IN_PROGRESS;
        Completed => "completed", k::STATE_COMPLETED;
    }
}

vocabulary! {
    EnrolmentSource {
        SelfService => "self", k::SOURCE_SELF;
        Partner => "partner", k::SOURCE_PARTNER;
        Admin => "admin", k::SOURCE_ADMIN;
    }
}

vocabulary! {
    EnrolmentStatus {
        Active => "active", k::ENROLMENT_ACTIVE;
        Withdrawn => "withdrawn", k::ENROLMENT_WITHDRAWN;
        Completed => "completed", k::ENROLMENT_COMPLETED;
    }
}

vocabulary! {
    AssessmentKind {
        Quiz => "quiz", k::ASSESSMENT_QUIZ;
        Assignment => "assignment", k::ASSESSMENT_ASSIGNMENT;
    }
}

vocabulary! {
    QuestionKind {
        Single => "single", k::QUESTION_SINGLE;
        Multiple => "multiple", k::QUESTION_MULTIPLE;
    }
}

vocabulary! {
    AttemptStatus {
        Submitted => "submitted", k::ATTEMPT_SUBMITTED;
        Graded => "graded", k::ATTEMPT_GRADED;
    }
}

vocabulary! {
    AttestationStatus {
        Valid => "valid", k::ATTESTATION_VALID;
        Revoked => "revoked", k::ATTESTATION_REVOKED;
        Superseded => "superseded", k::ATTESTATION_SUPERSEDED;
    }
}

vocabulary! {
    AttestationKind {
        Module => "module", k::ATTESTATION_KIND_MODULE;
        Programme => "programme", k::ATTESTATION_KIND_PROGRAMME;
    }
}

vocabulary! {
    SectionKind {
        Text => "text", k::SECTION_TEXT;
        Link => "link", k::SECTION_LINK;
        Document => "document", k::SECTION_DOCUMENT;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(*role));
            assert_eq!(serde_json::to_string(role).expect("json"), format!("\"{role}\""));
        }
        assert_eq!(EnrolmentSource::parse("self"), Some(EnrolmentSource::SelfService));
        assert_eq!(Category::parse("journalist"), None);
    }
}
