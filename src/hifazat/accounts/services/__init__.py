"""Every write to accounts, by sub-concept: ``users`` (accounts, set-up), ``activation``
(one-time links: the person sets their own password and authenticator), ``grants``
(roles under four eyes), ``training`` (courses and certificates). Each is atomic,
checks policy and writes its audit event in the same transaction. Other apps use the
verbs re-exported here."""

from hifazat.accounts.services.activation import (
    Activation,
    activation_device,
    activation_holder,
    complete_activation,
    reset_access,
)
from hifazat.accounts.services.grants import (
    approve_grant,
    grant_role,
    needs_second_administrator,
    note_first_use,
    refuse_grant,
    revoke_role,
)
from hifazat.accounts.services.training import record_training, withdraw_training
from hifazat.accounts.services.users import (
    create_service_account,
    create_user,
    ensure_agency,
    provision_user,
    set_active,
    set_sex,
)

__all__ = [
    "Activation", "activation_device", "activation_holder", "approve_grant",
    "complete_activation", "create_service_account", "create_user", "ensure_agency",
    "grant_role", "needs_second_administrator", "note_first_use", "provision_user",
    "record_training", "refuse_grant", "reset_access", "revoke_role", "set_active",
    "set_sex", "withdraw_training",
]
