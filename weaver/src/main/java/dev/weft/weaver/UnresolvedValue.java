package dev.weft.weaver;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * A reference whose type is the merge of classes the weaver cannot see: some common superclass of
 * them, which frames then take to be {@code Object}. That is exact enough only where the value is
 * used as an {@code Object} or not at all, which {@link TypeInterpreter} checks at each use.
 */
final class UnresolvedValue extends BasicValue {
    /** Why the merge could not be made: the class that is missing. */
    final ClassHierarchy.UnknownClassException missing;

    UnresolvedValue(ClassHierarchy.UnknownClassException missing) {
        super(Type.getObjectType(RuntimeContract.OBJECT));
        this.missing = missing;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnresolvedValue;
    }

    @Override
    public int hashCode() {
        return UnresolvedValue.class.hashCode();
    }

    @Override
    public String toString() {
        return "unresolved merge (" + missing.getMessage() + ")";
    }
}
