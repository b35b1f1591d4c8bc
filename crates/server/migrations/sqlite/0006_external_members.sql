-- The access rules ask, for every conversation they judge, whether an external who
-- favourites its project takes part; without this index that meant reading every member of
-- the company (most are not external).
CREATE INDEX company_members_external ON company_members (company_id, user_id) WHERE is_external;
