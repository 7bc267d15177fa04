"""The audit trail: who did what that matters for security (sign-ins, refusals, roles,
suspensions, license decisions, API tokens), stored and logged. Used by every feature;
imports no feature above accounts."""
