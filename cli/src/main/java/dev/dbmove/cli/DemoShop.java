package dev.dbmove.cli;

import dev.dbmove.testkit.DatabaseServer;
import dev.dbmove.testkit.TestDatabase;

/**
 * The demo's source database: a small shop with the types a real one has (unsigned keys,
 * money, JSON, ENUM, utf8mb4 text, microsecond times, a composite key, a foreign key),
 * generated on the server with MariaDB's sequence engine.
 */
final class DemoShop {
    static final int TABLES = 4;

    private DemoShop() {
    }

    static TestDatabase create(DatabaseServer mariadb, int orders) {
        TestDatabase db = mariadb.createDatabaseNamed("shop");
        int customers = Math.max(10, orders / 10);
        db.execute(
                "CREATE TABLE customers (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                        + " email VARCHAR(255) NOT NULL UNIQUE, name VARCHAR(100) NOT NULL,"
                        + " vip TINYINT(1) NOT NULL DEFAULT 0, created_at DATETIME(6) NOT NULL)",
                "CREATE TABLE products (id INT NOT NULL PRIMARY KEY, sku CHAR(12) NOT NULL UNIQUE,"
                        + " title VARCHAR(200) NOT NULL, price DECIMAL(10,2) NOT NULL, attributes JSON,"
                        + " status ENUM('active','retired') NOT NULL DEFAULT 'active')",
                "CREATE TABLE orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id BIGINT UNSIGNED NOT NULL,"
                        + " placed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), total DECIMAL(12,2) NOT NULL,"
                        + " note TEXT, FOREIGN KEY (customer_id) REFERENCES customers (id))",
                "CREATE TABLE order_items (order_id BIGINT NOT NULL, line_no SMALLINT NOT NULL, product_id INT NOT NULL,"
                        + " quantity INT NOT NULL, PRIMARY KEY (order_id, line_no))",
                "INSERT INTO customers (email, name, vip, created_at) SELECT CONCAT('customer', seq, '@example.com'),"
                        + " CONCAT('Kundin ', seq, IF(seq % 7 = 0, ' 😀', ' Müller')), seq % 10 = 0,"
                        + " TIMESTAMP('2024-01-01') + INTERVAL seq MINUTE + INTERVAL seq % 1000000 MICROSECOND"
                        + " FROM seq_1_to_" + customers,
                "INSERT INTO products SELECT seq, CONCAT('SKU-', LPAD(seq, 8, '0')), CONCAT('Product ', seq),"
                        + " ROUND(1 + seq * 1.37 % 500, 2), JSON_OBJECT('color', ELT(1 + seq % 3, 'red', 'green', 'blue'),"
                        + " 'size', seq % 5), IF(seq % 9 = 0, 'retired', 'active') FROM seq_1_to_500",
                "INSERT INTO orders (id, customer_id, placed_at, total, note) SELECT seq, 1 + seq % " + customers + ","
                        + " TIMESTAMP('2025-03-30 00:30:00') + INTERVAL seq * 17 SECOND, ROUND(seq * 3.17 % 900, 2),"
                        + " IF(seq % 5 = 0, NULL, CONCAT('note ', seq)) FROM seq_1_to_" + orders,
                "INSERT INTO order_items SELECT o.seq, l.seq, 1 + (o.seq * l.seq) % 500, 1 + l.seq"
                        + " FROM seq_1_to_" + orders + " o JOIN seq_1_to_3 l");
        return db;
    }

    static long rowCount(TestDatabase db) {
        return db.queryLong("SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM products)"
                + " + (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM order_items)");
    }
}
