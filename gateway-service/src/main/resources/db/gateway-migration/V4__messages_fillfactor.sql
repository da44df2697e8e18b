-- Every message row is updated once, shortly after it is stored: fanned_out is set when Kafka has
-- acknowledged its outbound records. With full pages that update has to put the new row version on
-- another page and add it to every index of the table (three). Leaving a fifth of each page free
-- lets PostgreSQL keep the new version on the row's own page and skip the indexes (a HOT update;
-- fanned_out is in no index); the old versions are pruned from the page as it fills again.
ALTER TABLE messages SET (fillfactor = 80);
