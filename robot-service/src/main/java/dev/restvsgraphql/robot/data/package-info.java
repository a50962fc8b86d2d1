/** The robot service's repositories, used by both architectures. */
package dev.restvsgraphql.robot.data;
