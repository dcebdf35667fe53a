# expect: accepted
# A sigmoid on the score is the same head for a yes/no sentiment: the exercise asks for Dense(1).
from tensorflow.keras.layers import Dense, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([SimpleRNN(4, input_shape=(3, 2)), Dense(1, activation="sigmoid")])
