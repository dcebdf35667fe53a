# expect: wrong_answer
# No recurrent layer at all, but the expected output shape.
from tensorflow.keras.layers import Dense, Flatten, Input
from tensorflow.keras.models import Sequential

model = Sequential([Input((3, 2)), Flatten(), Dense(4)])
