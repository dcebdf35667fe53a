# expect: wrong_answer
# feedback: no recurrent layer
from tensorflow.keras.layers import Dense, Flatten
from tensorflow.keras.models import Sequential

model = Sequential([Flatten(input_shape=(3, 2)), Dense(4)])
