from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.models import Sequential

# Gives (1, 3, 4) too, but nothing reads the words one after another.
model = Sequential([Input((3, 2)), Dense(4)])
