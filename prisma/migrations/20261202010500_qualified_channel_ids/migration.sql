-- A project's digest channel names its platform ("slack:C123", "discord:123…"), so the router never
-- guesses a platform from an id's shape. Rows written before carried the bare id: Discord's are
-- snowflakes (digits only), Slack's start with a letter. Data only; the schema is unchanged.
UPDATE "Project"
SET "channelId" = CASE WHEN "channelId" ~ '^[0-9]+$' THEN 'discord:' || "channelId" ELSE 'slack:' || "channelId" END
WHERE "channelId" IS NOT NULL AND "channelId" !~ '^(slack|discord|shell):';
