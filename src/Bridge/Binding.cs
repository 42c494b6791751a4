namespace Bridge;

public static class Binding
{
}
