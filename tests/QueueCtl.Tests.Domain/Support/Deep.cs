using System.Collections;
using System.Reflection;

namespace QueueCtl.Tests.Domain.Support;

/// <summary>
/// Structural equality for records that hold immutable collections (whose own Equals compares by reference):
/// sequences element-wise, everything else property by property, timestamps including their offset.
/// </summary>
internal static class Deep
{
    public static void Equal(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        Assert.True(expected.GetType() == actual.GetType(), $"{path}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}");
        switch (expected)
        {
            case DateTimeOffset e:
                var a = (DateTimeOffset)actual;
                Assert.True(e.Ticks == a.Ticks && e.Offset == a.Offset, $"{path}: expected {e:O}, got {a:O}");
                return;
            case string or ValueType when expected.GetType().IsPrimitive || expected is string or Enum or decimal or TimeSpan:
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                return;
            case IEnumerable when expected.GetType().GetProperty("IsDefault") is { PropertyType: var type } isDefault && type == typeof(bool)
                                  && ((bool)isDefault.GetValue(expected)! || (bool)isDefault.GetValue(actual)!):
                // A default ImmutableArray (a field left out) cannot be enumerated: it equals only another default one.
                Assert.True((bool)isDefault.GetValue(expected)! && (bool)isDefault.GetValue(actual)!, $"{path}: expected default {expected.GetType().Name} on both sides");
                return;
            case IEnumerable sequence:
                var left = sequence.Cast<object?>().ToList();
                var right = ((IEnumerable)actual).Cast<object?>().ToList();
                Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} items, got {right.Count}");
                for (var i = 0; i < left.Count; i++)
                {
                    Equal(left[i], right[i], $"{path}[{i}]");
                }
                return;
        }
        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                Equal(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
            }
        }
    }
}
