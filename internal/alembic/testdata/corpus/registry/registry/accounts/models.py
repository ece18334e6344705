"""Account models (the parts the migrations use)."""
import enum


class DisableReason(str, enum.Enum):
    CompromisedPassword = "password compromised"
    AccountFrozen = "account frozen"
    AdminInitiated = "admin initiated"
