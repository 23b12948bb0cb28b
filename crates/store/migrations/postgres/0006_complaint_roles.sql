-- The complaint officer and the integrity officer (issue 4) join the roles.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('administrator',
    'plan_coordinator', 'unit_officer', 'executive', 'auditor', 'complaint_officer',
    'integrity_officer'));
