package org.wrmf.data;

import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Column lists as the Scala sequences Spark's join-on-names methods take. */
public final class Columns {
    private Columns() {}

    /** Joining on names (not on col == col) keeps self-joins unambiguous and the key column single. */
    static Seq<String> seq(String... names) {
        return CollectionConverters.asScala(java.util.List.of(names)).toList();
    }
}
