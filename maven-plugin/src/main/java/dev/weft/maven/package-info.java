/**
 * The Maven plugin ({@code weft-maven-plugin}, prefix {@code weft}): weaves {@code @Async} classes in
 * place after compilation, goal {@code weave} for {@code target/classes}
 * ({@link dev.weft.maven.WeaveMojo}) and {@code weave-tests} for {@code target/test-classes}
 * ({@link dev.weft.maven.WeaveTestsMojo}).
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.weft</groupId>
 *   <artifactId>weft-maven-plugin</artifactId>
 *   <version>${weft.version}</version>
 *   <executions>
 *     <execution>
 *       <goals><goal>weave</goal><goal>weave-tests</goal></goals>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 *
 * <p>Errors are reported like compiler errors, with the source file and line, and fail the build;
 * weaving is incremental, so unchanged and already woven classes are not rewritten.
 */
package dev.weft.maven;
