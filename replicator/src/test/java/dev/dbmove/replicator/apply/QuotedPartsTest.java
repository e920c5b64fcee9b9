package dev.dbmove.replicator.apply;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Debezium's double-quoted table ids read back into their parts, whatever the names hold. */
class QuotedPartsTest {
    @Test
    void quotedPartsKeepDotsAndDoubledQuotes() {
        assertThat(ChangeApplier.quotedParts("\"shop\".\"orders\"")).containsExactly("shop", "orders");
        assertThat(ChangeApplier.quotedParts("\"shop\".\"dotted.name\"")).containsExactly("shop", "dotted.name");
        assertThat(ChangeApplier.quotedParts("\"shop\".\"x\"\"; DROP TABLE y; --\""))
                .containsExactly("shop", "x\"; DROP TABLE y; --");
        assertThat(ChangeApplier.quotedParts("\"db\".\"a`b\".\"größe\"")).containsExactly("db", "a`b", "größe");
    }

    @Test
    void unquotedPartsEndAtADot() {
        assertThat(ChangeApplier.quotedParts("shop.orders")).containsExactly("shop", "orders");
        assertThat(ChangeApplier.quotedParts("\"shop\".plain")).containsExactly("shop", "plain");
        assertThat(ChangeApplier.quotedParts("orders")).containsExactly("orders");
    }
}
